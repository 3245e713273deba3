import { claimDelivery } from "../../db/queries/chat-deliveries.ts";
import { describeError } from "../core/app-error.ts";
import { approversNote, channelAllowed, isApprover, notInChannelNote } from "./authorise.ts";
import type { BotContext } from "./bot-context.ts";
import type { CommandReplies } from "./chat-port.ts";
import { type ChatCommand, parseCommand } from "./command-args.ts";
import type { Invocation } from "./invocation.ts";
import { runChatCommand } from "./run-chat-command.ts";

export type { Invocation } from "./invocation.ts";

/**
 * Checks a command (channel, arguments, who may) and acknowledges it at once: a refusal is the
 * acknowledgement's private text; anything else is acknowledged empty and worked on afterwards,
 * so the platform's 3-second deadline never depends on how long the work takes.
 */
export async function dispatchCommand(
  ctx: BotContext,
  invocation: Invocation,
  replies: CommandReplies,
): Promise<void> {
  // An acknowledgement of this delivery alone (Slack's HTTP answer) waits for nothing: under a
  // burst, each claim would queue behind the work of the commands acknowledged before it.
  if (replies.ackPerDelivery) {
    const checked = checkCommand(ctx, invocation);
    if (!checked.ok) return replies.ack(checked.message);
    await replies.ack();
    const claimed = await claim(ctx, invocation);
    if (claimed === true) return work(ctx, checked.command, invocation, replies);
    if (claimed !== false)
      await replies.private(claimed).catch((reply) => ctx.log(`could not answer: ${reply}`));
    return;
  }
  // Several processes may receive one interaction (two Discord connections on one token): the one
  // that claims it acknowledges it.
  const claimed = await claim(ctx, invocation);
  if (claimed === false) return;
  if (claimed !== true) return replies.ack(claimed);
  const checked = checkCommand(ctx, invocation);
  if (!checked.ok) return replies.ack(checked.message);
  await replies.ack();
  work(ctx, checked.command, invocation, replies);
}

/** True when this process handles the delivery, false when another did; a sentence when the database cannot say. */
async function claim(ctx: BotContext, invocation: Invocation): Promise<boolean | string> {
  try {
    return await claimDelivery(ctx.runtime.deps.db, invocation.platform, `command:${invocation.deliveryId}`);
  } catch (error) {
    ctx.log(`/${invocation.name}: ${(error as Error).message}`);
    return `continuity cannot reach its database right now (${describeError(error).message}); nothing was done`;
  }
}

/** The checks that need nothing but the invocation and the settings. */
function checkCommand(
  ctx: BotContext,
  invocation: Invocation,
): { ok: true; command: ChatCommand } | { ok: false; message: string } {
  if (!channelAllowed(ctx.settings, invocation.channel))
    return { ok: false, message: notInChannelNote(ctx.settings) };
  const parsed = parseCommand(invocation.name, { text: invocation.text, options: invocation.options });
  if (!parsed.ok) return parsed;
  if (parsed.command.name === "resume" && !isApprover(ctx.settings, invocation.user)) {
    return { ok: false, message: approversNote(ctx.settings, "resume") };
  }
  return parsed;
}

/** The acknowledged command's work, tracked so shutdown can wait for it. */
function work(ctx: BotContext, command: ChatCommand, invocation: Invocation, replies: CommandReplies): void {
  ctx.track(
    runChatCommand(ctx, command, invocation, replies).catch(async (error) => {
      const { code, message } = describeError(error);
      if (ctx.closing()) return ctx.log(`/${command.name} abandoned at shutdown: ${message}`);
      if (code === "INTERNAL") ctx.log(`/${command.name} failed: ${(error as Error).stack ?? message}`);
      await replies
        .private(`/${command.name} failed: ${code}: ${message}`)
        .catch((reply) => ctx.log(`could not answer: ${reply}`));
    }),
  );
}
