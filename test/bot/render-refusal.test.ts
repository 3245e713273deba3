import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bot } from "../../src/bot/bot.ts";
import type { Invocation } from "../../src/bot/dispatch-command.ts";
import { type Harness, TEST_CAPABILITIES } from "../helpers/engine-harness.ts";
import { botConfig, createBotHarness } from "./bot-harness.ts";
import { memoryChat } from "./memory-chat.ts";

const CHANNEL = "CFILM";

/** Issue 12: the bot's /render refuses at plan time, privately, with the same words as the terminal. */
describe("/render of a shot the video model cannot make", () => {
  let harness: Harness;
  let bot: Bot;
  const slack = memoryChat();
  let delivery = 0;

  async function run(name: string, text: string) {
    const { answers, replies } = slack.replies(CHANNEL);
    const invocation: Invocation = {
      platform: "slack",
      name,
      text,
      user: "UREQ",
      channel: CHANNEL,
      deliveryId: `d${++delivery}`,
    };
    await bot.command(invocation, replies);
    await bot.idle();
    return answers;
  }

  beforeAll(async () => {
    const config = botConfig({
      SLACK_BOT_TOKEN: "x",
      SLACK_SIGNING_SECRET: "s",
      CONTINUITY_APPROVERS: "UAPP",
      CONTINUITY_CHANNELS: CHANNEL,
    });
    ({ harness, bot } = await createBotHarness({ config, chats: { slack: slack.chat }, script: {} }));
    // The harness's one shot is 4 s; this video model makes only 6 or 8 s clips.
    harness.runtime.deps.capabilities = {
      ...TEST_CAPABILITIES,
      models: {
        ...TEST_CAPABILITIES.models,
        "test/scripted-video": {
          role: "video",
          durations: { oneOf: [6, 8] },
          endFrame: true,
          resolutions: ["720p"],
        },
      },
    };
  });
  afterAll(async () => {
    await bot?.idle();
    await harness?.close();
  });

  it("answers privately with the shot, the model, what it asked and what it allows; nothing runs", async () => {
    const answers = await run("/render", "S1");
    expect(answers.public).toEqual([]);
    expect(answers.private).toHaveLength(1);
    expect(answers.private[0]).toContain(
      "/render failed: SHOT_DURATION_UNSUPPORTED: S1 is 4 s; scripted-video makes 6 or 8 s clips",
    );
    expect(harness.studio.log.panelCalls).toHaveLength(0);
    const status = await run("/status", "");
    expect(status.private[0]).toContain("no runs yet");
  });
});
