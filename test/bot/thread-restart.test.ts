import { setTimeout as delay } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { chatThreads } from "../../db/schema.ts";
import { launchRun } from "../../src/app/runs/render-scope.ts";
import { type Bot, createBot } from "../../src/bot/bot.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { DATABASE_KINDS } from "../helpers/test-database.ts";
import { botConfig, eventually, harnessApp, waitForRunStatus } from "./bot-harness.ts";
import { memoryChat } from "./memory-chat.ts";

describe.each(DATABASE_KINDS)("a run's thread across a bot restart on %s", (kind) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("is picked up by the next bot: nothing posted twice, nothing lost, the same root edited", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    harness = await createHarness(kind, {
      shots: 1,
      defaults: { maxAttempts: 2 },
      script: {
        panel: () => "off-model",
        // The second panel call waits: the first bot "dies" while it is in flight.
        onPanelCall: async (request) => {
          if (request.attempt === 2) await held;
        },
      },
    });
    const h = harness;
    const config = botConfig({
      SLACK_BOT_TOKEN: "x",
      SLACK_SIGNING_SECRET: "s",
      CONTINUITY_APPROVERS: "UAPP",
    });
    const slack = memoryChat();
    const make = (owner: string) =>
      createBot({
        app: harnessApp(h),
        runtime: h.runtime,
        config,
        chats: { slack: slack.chat },
        owner,
        settleMs: 0,
        leaseSeconds: 1,
        log: () => {},
      });
    const first: Bot = make("bot-a");
    let listener: Bot = first;
    h.runtime.deps.onEvent = (event) => listener.onEvent(event);

    const { run } = await launchRun(h.runtime, { scope: "S1", frames: false, requestedBy: "slack:UREQ" });
    const root = await slack.chat.post({ channel: "CFILM" }, { title: "root" });
    await first.threads.open({
      runId: run.id,
      platform: "slack",
      root: root as never,
      place: { channel: "CFILM", thread: root?.id },
      requestedBy: "UREQ",
    });
    await h.runtime.startWorkers();
    await eventually(
      () => slack.posts.some((post) => post.message.title.startsWith("S1 · panel #1")),
      "the first attempt",
    );
    await first.idle();

    // The first bot is gone; a second one starts while its lease is still fresh: it must not post yet.
    const postsBefore = slack.posts.length;
    const second = make("bot-b");
    listener = second;
    await second.threads.tick();
    await second.idle();
    expect(slack.posts.length).toBe(postsBefore);
    release();
    await eventually(
      async () => (await h.runtime.deps.db.query.runs.findFirst())?.status === "escalated",
      "the escalation",
    );
    await delay(1_200);
    await second.threads.tick();
    await waitForRunStatus(h, second, run.id, ["escalated"]);

    const titles = slack.posts.map((post) => post.message.title);
    expect(titles.filter((title) => title.startsWith("S1 · panel #1"))).toHaveLength(1);
    expect(titles.filter((title) => title.startsWith("S1 · panel #2"))).toHaveLength(1);
    expect(titles.filter((title) => title.includes("needs a decision"))).toHaveLength(1);
    expect(titles.filter((title) => title.startsWith(`⚠️ Run ${run.id} escalated`))).toHaveLength(1);
    expect(slack.posts.length).toBeGreaterThan(postsBefore);
    expect(slack.updates.every((update) => update.ref.id === root?.id)).toBe(true);
    expect(slack.updates.at(-1)?.message.title).toContain("escalated");
    expect(slack.offered).toHaveLength(1);
    // The thread stays open while the escalation waits: a third bot would pick it up too.
    const again = slack.posts.length;
    await second.threads.tick();
    await second.idle();
    expect(slack.posts.length).toBe(again);

    // A bot serving only Discord leaves a Slack thread alone, even once its lease has lapsed.
    const discordOnly = createBot({
      app: harnessApp(h),
      runtime: h.runtime,
      config,
      chats: { discord: memoryChat("discord").chat },
      owner: "bot-discord",
      settleMs: 0,
      leaseSeconds: 1,
      log: () => {},
    });
    await delay(1_100);
    await discordOnly.threads.tick();
    await discordOnly.idle();
    const [row] = await h.runtime.deps.db.select().from(chatThreads).where(eq(chatThreads.runId, run.id));
    expect(row?.leaseOwner).toBe("bot-b");
  });
});
