import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStopFlag } from "../../db/queries/control.ts";
import type { Bot } from "../../src/bot/bot.ts";
import type { Invocation } from "../../src/bot/dispatch-command.ts";
import type { Harness } from "../helpers/engine-harness.ts";
import { botConfig, createBotHarness } from "./bot-harness.ts";
import { memoryChat } from "./memory-chat.ts";

const CHANNEL = "CFILM";

describe("the chat commands, through the bot core", () => {
  let harness: Harness;
  let bot: Bot;
  const slack = memoryChat();
  let delivery = 0;

  async function run(name: string, text: string, user = "UREQ") {
    const { answers, replies } = slack.replies(CHANNEL);
    const invocation: Invocation = {
      platform: "slack",
      name,
      text,
      user,
      channel: CHANNEL,
      deliveryId: `d${++delivery}`,
    };
    await bot.command(invocation, replies);
    await bot.idle();
    return { answers, invocation, replies };
  }
  const body = (answers: { public: { title: string; text?: string }[] }) =>
    answers.public.map((message) => `${message.title}\n${message.text ?? ""}`).join("\n");

  beforeAll(async () => {
    const config = botConfig({
      SLACK_BOT_TOKEN: "x",
      SLACK_SIGNING_SECRET: "s",
      CONTINUITY_APPROVERS: "UAPP",
      CONTINUITY_CHANNELS: CHANNEL,
    });
    ({ harness, bot } = await createBotHarness({ config, chats: { slack: slack.chat }, script: {} }));
  });
  afterAll(async () => {
    await bot?.idle();
    await harness?.close();
  });

  it("acknowledges first, with nothing, then answers /estimate, /bible, /spend and /status in the channel", async () => {
    const estimate = await run("/estimate", "S1 0.50");
    expect(estimate.answers.acks).toEqual([undefined]);
    expect(body(estimate.answers)).toMatch(/Estimate for S1[\s\S]*per-run cap \$0\.50/);
    const bible = await run("/bible", "");
    expect(body(bible.answers)).toMatch(/Bible ok[\s\S]*roster \(2\): ann, bo/);
    const spend = await run("/spend", "week");
    expect(body(spend.answers)).toMatch(/Spend over the last 7 days: \$0\.00/);
    const status = await run("/status", "");
    expect(status.answers.public).toEqual([]);
    expect(status.answers.private).toEqual([
      "/status failed: UNKNOWN_RUN: no runs yet; start one with continuity render <scope>",
    ]);
  });

  it("answers an unknown scope privately after the acknowledgement, naming the scope", async () => {
    const render = await run("/render", "S9");
    expect(render.answers.acks).toEqual([undefined]);
    expect(render.answers.public).toEqual([]);
    expect(render.answers.private[0]).toMatch(/^\/render failed: [A-Z_]+: .*S9/);
  });

  it("/audit validates existing panels only; /stop then /resume (an approver) lift the kill switch", async () => {
    const audit = await run("/audit", "S1");
    expect(body(audit.answers)).toMatch(/Audit of S1[\s\S]*no-panel/);
    expect(harness.studio.log.panelCalls).toHaveLength(0);

    const stopped = await run("/stop", "", "UXYZ");
    expect((await readStopFlag(harness.runtime.deps.db)).stopped).toBe(true);
    // Chat speaks chat: the way to lift it is /resume, never a terminal command.
    expect(body(stopped.answers)).toContain("Stopped by <@UXYZ>");
    expect(JSON.stringify(stopped.answers.public)).not.toContain("continuity resume");
    expect(stopped.answers.public[0]?.footer).toBe("An approver resumes with /resume.");
    const refused = await run("/resume", "", "UXYZ");
    expect(refused.answers.acks[0]).toContain("only approvers may resume (<@UAPP>)");
    expect((await readStopFlag(harness.runtime.deps.db)).stopped).toBe(true);
    const resumed = await run("/resume", "", "UAPP");
    expect(body(resumed.answers)).toContain("Resumed by <@UAPP>");
    expect(await readStopFlag(harness.runtime.deps.db)).toMatchObject({ stopped: false, by: "slack:UAPP" });
  });

  it("a run that would cross its cap halts before spending it, and its thread says so and what to do", async () => {
    const render = await run("/render", "S1 0.01");
    const root = render.answers.public[0];
    expect(root?.text).toContain("cap $0.01");
    const thread = slack.posts.filter((post) => post.place.thread !== undefined);
    const summary = thread.find((post) => post.message.title.includes("halted"));
    expect(summary?.message.title).toMatch(
      /^🛑 Run r[0-9a-f]+ halted: 0\/1 shots accepted, spent \$0\.00 of \$0\.01$/,
    );
    expect(summary?.message.text).toBe("per-run cap $0.01 would be exceeded, halted");
    expect(summary?.message.footer).toBe(
      "The cap is spent: render again with a larger budget, e.g. /render S1 <budget>.",
    );
    expect(slack.updates.at(-1)?.message.text).toContain(
      "Halted: per-run cap $0.01 would be exceeded, halted",
    );
    expect(harness.studio.log.panelCalls).toHaveLength(0);
  });

  it("handles one delivery once", async () => {
    const { invocation, replies } = await run("/stop", "");
    const before = slack.posts.length;
    await bot.command(invocation, replies);
    await bot.idle();
    expect(slack.posts.length).toBe(before);
  });
});
