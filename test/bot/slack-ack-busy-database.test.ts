import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { type App as BoltApp, LogLevel } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Bot } from "../../src/bot/bot.ts";
import { createSlackApp } from "../../src/bot/slack/slack-app.ts";
import { createSlackChat } from "../../src/bot/slack/slack-chat.ts";
import { registerSlackListeners } from "../../src/bot/slack/slack-listeners.ts";
import type { Harness } from "../helpers/engine-harness.ts";
import { botConfig, createBotHarness, eventually } from "./bot-harness.ts";
import { type FakeSlackApi, startFakeSlackApi } from "./fake-slack-api.ts";
import { postToSlackApp, type SlackPost, slashCommand } from "./slack-requests.ts";

const SECRET = "5b2c1f0e9d8a7b6c5d4e3f2a1b0c9d8e";
const CHANNEL = "CFILM";
const USER = "UREQ";

const text = (call: { args: Record<string, unknown> }) => `${call.args.text ?? ""}`;

/**
 * Slack's HTTP answer is the acknowledgement of that one delivery, so it never waits for the
 * database: under a burst every command's claim queues behind the work of the ones before it.
 */
describe("the Slack acknowledgement while the database is busy", () => {
  let fake: FakeSlackApi;
  let harness: Harness;
  let bot: Bot;
  let slack: BoltApp;
  let endpoint: string;
  const send = (request: SlackPost) => postToSlackApp(endpoint, SECRET, request);

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    const config = botConfig({
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      CONTINUITY_APPROVERS: USER,
      CONTINUITY_CHANNELS: CHANNEL,
    });
    const created = createSlackApp(config, { logLevel: LogLevel.ERROR });
    slack = created.app;
    const chat = createSlackChat(slack.client);
    await chat.identify();
    ({ harness, bot } = await createBotHarness({ config, chats: { slack: chat } }));
    registerSlackListeners(slack, bot, () => {});
    const server = (await slack.start(0)) as Server;
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterAll(async () => {
    await slack?.stop().catch(() => {});
    await bot?.idle();
    await harness?.close();
    await fake?.close();
  });

  /** Runs `during` while another transaction holds the database, then lets it go. */
  async function whileDatabaseHeld<T>(during: () => Promise<T>): Promise<T> {
    let holding!: () => void;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const transaction = harness.testDb.database.db.transaction(async () => {
      holding();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await held;
    try {
      return await during();
    } finally {
      release();
      await transaction;
    }
  }

  const answered = (post: SlackPost) =>
    Promise.race([
      send(post),
      delay(5_000).then(() => ({ status: 0, text: "no answer while the database was busy" })),
    ]);

  it("acknowledges a command while the database is held, and does its work once the database is free", async () => {
    const before = fake.called("chat.postMessage").length;
    const answer = await whileDatabaseHeld(async () => {
      const response = await answered(slashCommand({ command: "/spend", user: USER, channel: CHANNEL }));
      // Nothing of the work can have happened yet: it needs the database.
      expect(fake.called("chat.postMessage")).toHaveLength(before);
      return response;
    });
    expect(answer).toEqual({ status: 200, text: "" });
    await eventually(
      () =>
        fake
          .called("chat.postMessage")
          .slice(before)
          .find((call) => /Spend today/.test(text(call))),
      "the /spend answer",
    );
  });

  it("refuses a command outside the bot's channels in the acknowledgement, database or not", async () => {
    const answer = await whileDatabaseHeld(() =>
      answered(slashCommand({ command: "/spend", user: USER, channel: "COTHER" })),
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ response_type: "ephemeral" });
  });

  it("works a delivery that arrives twice once, and acknowledges both", async () => {
    const command = slashCommand({ command: "/spend", text: "week", user: USER, channel: CHANNEL });
    const before = fake.called("chat.postMessage").length;
    const answers = await Promise.all([send(command), send(command)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    await bot.idle();
    await delay(200);
    await bot.idle();
    const weekly = fake
      .called("chat.postMessage")
      .slice(before)
      .filter((call) => /last 7 days/.test(text(call)));
    expect(weekly).toHaveLength(1);
  });
});
