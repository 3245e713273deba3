import { setTimeout as delay } from "node:timers/promises";
import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../db/create-db.ts";
import { ledger } from "../../db/schema.ts";
import type { App } from "../../src/app/app.ts";
import type { Runtime } from "../../src/app/runtime.ts";
import { type Bot, createBot } from "../../src/bot/bot.ts";
import { botJobs } from "../../src/bot/bot-jobs.ts";
import { type BotScheduler, SUMMARY_JOB, startBotScheduler } from "../../src/bot/bot-scheduler.ts";
import { createSlackChat } from "../../src/bot/slack/slack-chat.ts";
import type { Config } from "../../src/config.ts";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { botConfig, eventually } from "./bot-harness.ts";
import { type FakeSlackApi, startFakeSlackApi } from "./fake-slack-api.ts";

const SUMMARY_CHANNEL = "CSPEND";
let fired: Record<string, number> = {};

/** One bot process: its own database connection (on PostgreSQL), Slack client and scheduler. */
async function botProcess(
  database: Database,
  url: string | undefined,
  slackUrl: string,
  time: string,
): Promise<{ bot: Bot; scheduler: BotScheduler }> {
  const runtime = {
    deps: { db: database.db },
    defaults: { timezone: "UTC", allowSelfApproval: false },
  } as unknown as Runtime;
  const app = { config: { CONTINUITY_STOP_FILE: "STOP" } as Config } as App;
  const config = botConfig({
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_SIGNING_SECRET: "s",
    CONTINUITY_SUMMARY_CHANNEL: `slack:${SUMMARY_CHANNEL}`,
    CONTINUITY_SUMMARY_TIME: time,
  });
  const chat = createSlackChat(new webApi.WebClient("xoxb-test", { slackApiUrl: slackUrl }));
  const bot = createBot({ app, runtime, config, chats: { slack: chat }, log: () => {} });
  // Counts firings across both processes: the schedule itself must fire once, not only the post.
  const jobs = botJobs(bot, () => {}).map((job) => ({
    ...job,
    run: async () => {
      fired[job.name] = (fired[job.name] ?? 0) + 1;
      await job.run();
    },
  }));
  const scheduler = await startBotScheduler(database, url, jobs, {
    cronMonitorIntervalSeconds: 1,
    cronWorkerIntervalSeconds: 1,
    pollingIntervalSeconds: 0.5,
  });
  return { bot, scheduler };
}

describe.each(DATABASE_KINDS)("the daily spend summary on %s", (kind) => {
  let testDb: TestDatabase | undefined;
  let fake: FakeSlackApi | undefined;
  const schedulers: BotScheduler[] = [];
  const extra: Database[] = [];
  afterEach(async () => {
    for (const scheduler of schedulers.splice(0)) await scheduler.stop();
    for (const database of extra.splice(0)) await database.close();
    await testDb?.drop();
    await fake?.close();
  });

  it("is posted once a day by the database's schedule, even with two bot processes", async () => {
    fired = {};
    testDb = await openTestDatabase(kind);
    fake = await startFakeSlackApi();
    // The schedule is set to the current minute, so it is due at once; leave room before the minute turns.
    if (new Date().getUTCSeconds() >= 50) await delay((61 - new Date().getUTCSeconds()) * 1000);
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const time = `${String(now.getUTCHours()).padStart(2, "0")}:${String(now.getUTCMinutes()).padStart(2, "0")}`;
    await testDb.database.db.insert(ledger).values([
      {
        runId: "r1",
        day: today,
        action: "generate.panel",
        provider: "gemini",
        model: "gemini-2.5-flash-image",
        priceVersion: "t",
        simulated: false,
        status: "settled",
        reservedMicros: 39_000,
        actualMicros: 39_000,
      },
      {
        runId: "r1",
        day: today,
        action: "judge.panel",
        provider: "gemini",
        model: "gemini-2.5-flash",
        priceVersion: "t",
        simulated: false,
        status: "settled",
        reservedMicros: 4_000,
        actualMicros: 3_500,
      },
    ]);

    // Two processes: on PostgreSQL each with its own connection pool; on PGlite the one embedded database, shared.
    const secondDatabase = testDb.url ? await createDatabase({ url: testDb.url }) : testDb.database;
    if (testDb.url) extra.push(secondDatabase);
    const first = await botProcess(testDb.database, testDb.url, fake.url, time);
    schedulers.push(first.scheduler);
    const second = await botProcess(secondDatabase, testDb.url, fake.url, time);
    schedulers.push(second.scheduler);

    const posts = () =>
      fake?.called("chat.postMessage").filter((call) => call.args.channel === SUMMARY_CHANNEL) ?? [];
    const [post] = await eventually(() => (posts().length > 0 ? posts() : undefined), "the summary", 20_000);
    expect(post?.args.text).toBe(`📊 Spend on ${today} (UTC): $0.0425`);
    const blocks = JSON.stringify(post?.args.blocks);
    expect(blocks).toContain("*gemini/gemini-2.5-flash-image*\\n1 calls, $0.039");
    expect(blocks).toContain("*gemini/gemini-2.5-flash*\\n1 calls, $0.0035");
    expect(blocks).toContain("*runs halted*\\n0");
    // Both schedulers keep checking every second; give them time to post again if they would.
    await delay(3_000);
    expect(posts()).toHaveLength(1);
    expect(fired).toMatchObject({ [SUMMARY_JOB]: 1 });
    // A second firing on the same day (a redelivered job, a clock step) posts nothing either.
    expect(await second.bot.dailySummary()).toBe(false);
    expect(await first.bot.dailySummary()).toBe(false);
    expect(posts()).toHaveLength(1);
  });
});
