import { type Logger, LogLevel, SocketModeReceiver } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { createSlackApp } from "../../src/bot/slack/slack-app.ts";
import { type RunningBot, startBot } from "../../src/bot/start-bot.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { botConfig, eventually, harnessApp } from "./bot-harness.ts";
import { type FakeSlackApi, startFakeSlackApi } from "./fake-slack-api.ts";
import { postToSlackApp, slashCommand } from "./slack-requests.ts";

const SECRET = "start-bot-signing-secret";

describe("continuity bot (startBot)", () => {
  let harness: Harness | undefined;
  let fake: FakeSlackApi | undefined;
  let running: RunningBot | undefined;
  afterEach(async () => {
    await running?.stop();
    await harness?.close();
    await fake?.close();
    running = undefined;
    harness = undefined;
    fake = undefined;
  });

  it("starts Slack over HTTP with its schedules in the database, renders a shot from a signed command, and stops", async () => {
    harness = await createHarness("pglite", { shots: 1 });
    const h = harness;
    fake = await startFakeSlackApi();
    const config = botConfig({
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url.replace(/\/$/, ""),
      SLACK_PORT: "0",
      CONTINUITY_SUMMARY_CHANNEL: "CSPEND",
      CONTINUITY_APPROVERS: "UAPP",
    });
    const lines: string[] = [];
    running = await startBot(harnessApp(h), config, {
      log: (line) => lines.push(line),
      runtime: async (onEvent) => {
        h.runtime.deps.onEvent = onEvent;
        return h.runtime;
      },
    });
    expect(running.platforms).toEqual([`slack (HTTP on port ${running.slackPort})`]);
    expect(fake.called("auth.test").length).toBeGreaterThan(0);
    const { rows } = await h.testDb.database.executeSql(
      "select name, cron, timezone from pgboss.schedule order by name",
      [] as never,
    );
    expect(rows).toEqual([
      { name: "continuity-daily-summary", cron: "0 18 * * *", timezone: "UTC" },
      { name: "continuity-escalation-timeouts", cron: "* * * * *", timezone: "UTC" },
    ]);

    const endpoint = `http://127.0.0.1:${running.slackPort}/slack/events`;
    const ack = await postToSlackApp(
      endpoint,
      SECRET,
      slashCommand({ command: "/render", text: "S1", user: "UREQ", channel: "CFILM" }),
    );
    expect(ack).toEqual({ status: 200, text: "" });
    const done = await eventually(
      () =>
        fake
          ?.called("chat.postMessage")
          .find((call) => String(call.args.text).includes(" done: 1/1 shots accepted")),
      "the run's summary",
      30_000,
    );
    expect(done.args.thread_ts).toBe(fake.called("chat.postMessage")[0]?.result.ts);

    await running.stop();
    running = undefined;
    await expect(fetch(endpoint, { method: "POST" })).rejects.toThrow();
    expect(lines.filter((line) => /error|failed/i.test(line))).toEqual([]);
  });

  it("chooses Socket Mode when an app token is set, and opens its connection through SLACK_API_URL with that token", async () => {
    fake = await startFakeSlackApi();
    const silent: Logger = {
      debug() {},
      info() {},
      warn() {},
      error() {},
      setLevel() {},
      getLevel: () => LogLevel.ERROR,
      setName() {},
    };
    const config = botConfig({
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_APP_TOKEN: "xapp-test",
      SLACK_API_URL: fake.url,
    });
    const { app, receiver, mode } = createSlackApp(config, { logger: silent });
    expect(mode).toBe("socket");
    expect(receiver).toBeInstanceOf(SocketModeReceiver);
    // The fake has no websocket to offer and refuses the app token, as Slack refuses a bad one: start fails loudly.
    await expect(app.start()).rejects.toThrow(/invalid_auth/);
    expect(fake.calls.map((call) => [call.method, call.headers.authorization])).toEqual([
      ["auth.test", "Bearer xoxb-test"],
      ["apps.connections.open", "Bearer xapp-test"],
    ]);
    await app.stop().catch(() => {});
  });
});
