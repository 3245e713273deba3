import { audit } from "../../commands/audit.ts";
import { bibleCheck } from "../../commands/bible-check.ts";
import { estimate } from "../../commands/estimate.ts";
import { render } from "../../commands/render.ts";
import { resume } from "../../commands/resume.ts";
import { spend } from "../../commands/spend.ts";
import { status } from "../../commands/status.ts";
import { stop } from "../../commands/stop.ts";
import { findChatThread } from "../../db/queries/chat-threads.ts";
import { describeError } from "../core/app-error.ts";
import type { BotContext } from "./bot-context.ts";
import type { CommandReplies, Place } from "./chat-port.ts";
import type { ChatCommand } from "./command-args.ts";
import type { Invocation } from "./invocation.ts";
import { statusMessage } from "./present/status-message.ts";
import { platformUser } from "./present/user-mention.ts";
import { viewMessage } from "./view-message.ts";

/** Carries out an acknowledged command through the shared commands/ and answers in the channel. */
export async function runChatCommand(
  ctx: BotContext,
  command: ChatCommand,
  invocation: Invocation,
  replies: CommandReplies,
): Promise<void> {
  const { runtime } = ctx;
  const { db } = runtime.deps;
  const by = platformUser(invocation.platform, invocation.user);
  switch (command.name) {
    case "render":
      return renderInThread(ctx, command.args, invocation, replies);
    case "estimate": {
      const view = await estimate(runtime, { scope: command.args.scope, budget: command.args.budget });
      await replies.public(viewMessage(`💰 Estimate for ${command.args.scope}`, view));
      return;
    }
    case "audit": {
      const view = await audit(runtime, { scope: command.args.scope, requestedBy: by });
      await replies.public(
        viewMessage(`🔍 Audit of ${command.args.scope}: existing panels against the locked bible`, view),
      );
      return;
    }
    case "stop": {
      const view = await stop(db, { by });
      // Rendered for chat from the data: the terminal's "resume with: continuity resume" is no use here.
      const lines = view.data.inFlight.map(
        (run) =>
          `Run ${run.runId}: ${run.shots.length ? `in flight ${run.shots.join(", ")}` : "nothing in flight"}`,
      );
      await replies.public({
        title: `⏹️ Stopped by <@${invocation.user}>: no new paid action will start`,
        text: lines.length ? lines.join("\n") : "nothing was running",
        footer: "An approver resumes with /resume.",
        tone: "warn",
      });
      for (const run of view.data.inFlight) ctx.threads.touch(run.runId);
      return;
    }
    case "resume": {
      const view = await resume(runtime, {
        run: command.args.run,
        by,
        stopFile: ctx.settings.stopFile,
        wait: false,
      });
      await replies.public(viewMessage(`▶️ Resumed by <@${invocation.user}>`, view));
      for (const run of view.data.runs) ctx.threads.touch(run.runId);
      return;
    }
    case "status": {
      const view = await status(db, { run: command.args.run }, { stopFile: ctx.settings.stopFile });
      const links = await escalationLinks(ctx, view.data.runId);
      await replies.public(statusMessage(view.data, links));
      return;
    }
    case "spend": {
      const days = command.args.period === "week" ? 7 : 1;
      const view = await spend(db, { days }, { now: ctx.now(), timezone: ctx.settings.timezone });
      await replies.public(
        viewMessage(
          `📊 Spend ${command.args.period === "week" ? "over the last 7 days" : "today"}: ${view.data.totalUsd}`,
          view,
        ),
      );
      return;
    }
    case "bible": {
      const view = await bibleCheck(ctx.app, {});
      await replies.public(viewMessage(`📚 Bible ${view.data.ok ? "ok" : "has problems"}`, view));
      return;
    }
  }
}

/**
 * `/render`: answers in the channel with the estimate and the cap, opens the run's thread under
 * that answer, and works the run; the thread is filled from the database as the run goes.
 */
async function renderInThread(
  ctx: BotContext,
  args: { scope: string; budget?: string | undefined },
  invocation: Invocation,
  replies: CommandReplies,
): Promise<void> {
  const chat = ctx.chats[invocation.platform];
  let thread: Place | undefined;
  let runId: string | undefined;
  try {
    const view = await render(
      ctx.runtime,
      {
        scope: args.scope,
        budget: args.budget,
        requestedBy: platformUser(invocation.platform, invocation.user),
      },
      {
        onStart: async (info) => {
          runId = info.runId;
          const root = await replies.public({
            title: `🎬 ${args.scope}: run ${info.runId} starting`,
            text: `Requested by <@${invocation.user}>. Estimate ${info.expectedUsd} expected, ${info.worstUsd} worst case; cap ${info.capUsd}.${info.durationChanges.map((change) => `\nRenders ${change}`).join("")}`,
            footer: "Panels, keyframes and their scores follow in the thread.",
            tone: "info",
          });
          if (!root || !chat) return;
          thread = await chat.openThread(root, `${args.scope} · ${info.runId}`);
          await ctx.threads.open({
            runId: info.runId,
            platform: invocation.platform,
            root,
            place: thread,
            requestedBy: invocation.user,
          });
        },
      },
    );
    ctx.threads.touch(view.data.runId);
  } catch (error) {
    // Before the run started, the answer is private; after, everyone following the thread should see it.
    if (!thread || !chat) throw error;
    const { code, message } = describeError(error);
    await chat.post(thread, {
      title: `💥 the run stopped with an error: ${code}`,
      text: message,
      tone: "bad",
    });
    if (runId) ctx.threads.touch(runId);
  }
}

/** Links to the run's posted escalation messages, where the platform can make one. */
async function escalationLinks(ctx: BotContext, runId: string): Promise<Record<string, string | undefined>> {
  const record = await findChatThread(ctx.runtime.deps.db, runId);
  const chat = record ? ctx.chats[record.platform] : undefined;
  if (!record || !chat?.messageLink) return {};
  const links: Record<string, string | undefined> = {};
  for (const [id, posted] of Object.entries(record.escalations)) {
    if (posted.message) links[id] = await chat.messageLink(posted.message).catch(() => undefined);
  }
  return links;
}
