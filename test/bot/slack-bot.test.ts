import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type App as BoltApp, LogLevel } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findEscalation, listEscalations } from "../../db/queries/escalations.ts";
import { latestRun } from "../../db/queries/runs.ts";
import type { Bot } from "../../src/bot/bot.ts";
import { createSlackApp } from "../../src/bot/slack/slack-app.ts";
import { createSlackChat } from "../../src/bot/slack/slack-chat.ts";
import { registerSlackListeners } from "../../src/bot/slack/slack-listeners.ts";
import type { Harness } from "../helpers/engine-harness.ts";
import { botConfig, createBotHarness, eventually, waitForRunStatus } from "./bot-harness.ts";
import { type FakeSlackApi, startFakeSlackApi } from "./fake-slack-api.ts";
import { postToSlackApp, reactionAdded, type SlackPost, slashCommand } from "./slack-requests.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const CHANNEL = "CFILM";
const REQUESTER = "UREQ";
const APPROVER = "UAPP";
const STRANGER = "UXYZ";

const text = (call: { args: Record<string, unknown> }) =>
  `${call.args.text ?? ""} ${call.args.initial_comment ?? ""} ${JSON.stringify(call.args.blocks ?? "")}`;

describe("the Slack bot, end to end over HTTP", () => {
  let fake: FakeSlackApi;
  let harness: Harness;
  let bot: Bot;
  let slack: BoltApp;
  let endpoint: string;
  let runId: string;
  let escalationTs: string;
  const send = (request: SlackPost) => postToSlackApp(endpoint, SECRET, request);

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    const config = botConfig({
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      CONTINUITY_APPROVERS: `${REQUESTER},${APPROVER}`,
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

  it("refuses unsigned, stale and tampered requests with 401 and acts on none of them", async () => {
    const command = slashCommand({ command: "/stop", user: STRANGER, channel: CHANNEL });
    expect((await send({ ...command, secret: null })).status).toBe(401);
    expect((await send({ ...command, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await send({ ...command, tamper: (body) => body.replace("%2Fstop", "%2Frender") })).status).toBe(
      401,
    );
    expect((await send({ ...command, secret: "not-the-secret" })).status).toBe(401);
    expect(fake.called("chat.postMessage")).toHaveLength(0);
  });

  it("answers bad arguments, wrong channels and non-approvers privately, within the acknowledgement", async () => {
    const answer = async (post: SlackPost) => {
      const response = await send(post);
      expect(response.status).toBe(200);
      return JSON.parse(response.text) as { response_type: string; text: string };
    };
    const missing = await answer(slashCommand({ command: "/render", user: REQUESTER, channel: CHANNEL }));
    expect(missing.response_type).toBe("ephemeral");
    expect(missing.text).toMatch(/scope: missing: give a shot \(1A\)/);
    expect(missing.text).toContain("usage: /render <scope> [budget]");
    const budget = await answer(
      slashCommand({ command: "/render", text: "S1 lots", user: REQUESTER, channel: CHANNEL }),
    );
    expect(budget.text).toContain('budget: expected a positive dollar amount like 0.50 or 15, got "lots"');
    const period = await answer(
      slashCommand({ command: "/spend", text: "month", user: REQUESTER, channel: CHANNEL }),
    );
    expect(period.text).toContain("period: expected today or week");
    const elsewhere = await answer(slashCommand({ command: "/stop", user: REQUESTER, channel: "COTHER" }));
    expect(elsewhere.text).toContain(`only takes commands in <#${CHANNEL}>`);
    const resume = await answer(slashCommand({ command: "/resume", user: STRANGER, channel: CHANNEL }));
    expect(resume.text).toContain("only approvers may resume");
    expect(fake.called("chat.postMessage")).toHaveLength(0);
  });

  it("/render S1 acknowledges at once, posts the estimate and cap, then thumbnails with score tables, then the escalation", async () => {
    const started = Date.now();
    const ack = await send(
      slashCommand({ command: "/render", text: "S1 5", user: REQUESTER, channel: CHANNEL }),
    );
    expect(ack.status).toBe(200);
    expect(ack.text).toBe("");
    expect(Date.now() - started).toBeLessThan(3000);

    const root = await eventually(
      () => fake.called("chat.postMessage").find((call) => !call.args.thread_ts),
      "the root message",
    );
    expect(root.args.channel).toBe(CHANNEL);
    expect(text(root)).toMatch(/Estimate \$\d+\.\d+ expected, \$\d+\.\d+ worst case; cap \$5\.00/);
    const run = await eventually(() => latestRun(harness.runtime.deps.db), "the run");
    runId = run.id;
    await waitForRunStatus(harness, bot, runId, ["escalated"]);
    const rootTs = root.result.ts as string;

    // Two panel attempts, each one files.uploadV2 into the thread: URL, upload, completion with its verdict and scores.
    const completions = fake.called("files.completeUploadExternal");
    const attempts = completions.filter((call) =>
      String(call.args.initial_comment ?? "").includes("S1 · panel #"),
    );
    expect(attempts).toHaveLength(2);
    for (const call of attempts) {
      expect(call.args.channel_id).toBe(CHANNEL);
      expect(call.args.thread_ts).toBe(rootTs);
      expect(call.args.initial_comment).toMatch(/❌ failed, lowest 0\.30/);
      expect(call.args.initial_comment).toMatch(/identity · ann\*: ❌ 0\.30 \(≥ 0\.75\) hair is wrong/);
      expect(call.args.initial_comment).toMatch(/wardrobe · bo\*: ✅ 0\.95/);
      expect(call.args.initial_comment).toContain("blame: panel");
    }
    expect(attempts[1]?.args.initial_comment).toContain("(retry 1)");
    expect(fake.called("files.getUploadURLExternal").length).toBeGreaterThanOrEqual(3);
    expect(fake.called("files.getUploadURLExternal")[0]?.args.filename).toBe("S1-panel-1.png");
    expect(fake.uploads.length).toBe(fake.called("files.getUploadURLExternal").length);
    for (const upload of fake.uploads)
      expect(upload.bytes.includes(Buffer.from("\x89PNG", "latin1"))).toBe(true);

    // The escalation: its own editable message in the thread, naming the approvers, with ✅/❌ offered.
    const escalation = fake
      .called("chat.postMessage")
      .find((call) => text(call).includes("needs a decision"));
    expect(escalation?.args.thread_ts).toBe(rootTs);
    expect(text(escalation as never)).toContain(`Approvers: <@${REQUESTER}>, <@${APPROVER}>`);
    expect(text(escalation as never)).toContain(`<@${REQUESTER}> started the run and may not approve it`);
    expect(text(escalation as never)).toContain("No decision within 24 h counts as ❌");
    escalationTs = escalation?.result.ts as string;
    expect(fake.called("reactions.add").map((call) => [call.args.timestamp, call.args.name])).toEqual([
      [escalationTs, "white_check_mark"],
      [escalationTs, "x"],
    ]);
    // The run settled (escalated): a summary in the thread and the root edited to show it.
    expect(
      fake
        .called("chat.postMessage")
        .some((call) => call.args.thread_ts === rootTs && text(call).includes(`Run ${runId} escalated`)),
    ).toBe(true);
    expect(
      fake.called("chat.update").some((call) => call.args.ts === rootTs && text(call).includes("escalated")),
    ).toBe(true);
  });

  it("/continuity-status while an escalation waits speaks chat: react ✅ or ❌ on the escalation message, with its link", async () => {
    const before = fake.called("chat.postMessage").length;
    expect(
      (await send(slashCommand({ command: "/continuity-status", user: STRANGER, channel: CHANNEL }))).status,
    ).toBe(200);
    const status = await eventually(
      () =>
        fake
          .called("chat.postMessage")
          .slice(before)
          .find((call) => text(call).includes(`Run ${runId}: escalated`)),
      "the status answer",
    );
    const [pending] = await listEscalations(harness.runtime.deps.db, { runId, status: "pending" });
    const link = `https://film.slack.com/archives/${CHANNEL}/p${escalationTs.replace(".", "")}`;
    expect(text(status)).toContain(
      `${pending?.id} (S1, panel): an approver reacts ✅ or ❌ on the escalation message ${link}`,
    );
    expect(text(status)).not.toContain("continuity approve");
    expect(text(status)).not.toContain("decide with");
    await bot.idle();
  });

  it("ignores a stranger's ✅ with a private note, once even when Slack retries the event", async () => {
    const reaction = reactionAdded({
      eventId: "Ev-stranger",
      user: STRANGER,
      reaction: "white_check_mark",
      channel: CHANNEL,
      ts: escalationTs,
    });
    expect((await send(reaction)).status).toBe(200);
    await eventually(
      () => fake.called("chat.postEphemeral").find((call) => call.args.user === STRANGER),
      "the stranger's note",
    );
    expect((await send({ ...reaction, retryNum: 1 })).status).toBe(200);
    await bot.idle();
    const notes = fake.called("chat.postEphemeral").filter((call) => call.args.user === STRANGER);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.args.text).toMatch(/was ignored: only approvers may decide escalations/);
    expect(notes[0]?.args.thread_ts).toBeDefined();
    const [pending] = await listEscalations(harness.runtime.deps.db, { runId });
    expect(pending?.status).toBe("pending");
  });

  it("refuses the requester's own approval, and takes an approver's ✅ once: the message shows the decision and the shot goes on", async () => {
    await send(
      reactionAdded({
        eventId: "Ev-own",
        user: REQUESTER,
        reaction: "white_check_mark",
        channel: CHANNEL,
        ts: escalationTs,
      }),
    );
    const own = await eventually(
      () => fake.called("chat.postEphemeral").find((call) => call.args.user === REQUESTER),
      "the requester's note",
    );
    expect(own.args.text).toContain("slack:UREQ started this run and may not approve its own escalation");
    const [stillPending] = await listEscalations(harness.runtime.deps.db, { runId });
    expect(stillPending?.status).toBe("pending");

    // An unrelated emoji is conversation, not a decision.
    await send(
      reactionAdded({
        eventId: "Ev-tada",
        user: APPROVER,
        reaction: "tada",
        channel: CHANNEL,
        ts: escalationTs,
      }),
    );
    const approval = reactionAdded({
      eventId: "Ev-approve",
      user: APPROVER,
      reaction: "white_check_mark",
      channel: CHANNEL,
      ts: escalationTs,
    });
    expect((await send(approval)).status).toBe(200);
    expect((await send({ ...approval, retryNum: 1 })).status).toBe(200);
    expect((await send({ ...approval, retryNum: 2 })).status).toBe(200);
    await waitForRunStatus(harness, bot, runId, ["done"]);

    const decided = await findEscalation(harness.runtime.deps.db, stillPending?.id as string);
    expect(decided).toMatchObject({ status: "approved", decidedBy: `slack:${APPROVER}` });
    expect(decided?.decidedAt).toBeInstanceOf(Date);
    // Handled once: no "already decided" note to the approver, one edit of the escalation message.
    expect(fake.called("chat.postEphemeral").filter((call) => call.args.user === APPROVER)).toHaveLength(0);
    const edits = fake.called("chat.update").filter((call) => call.args.ts === escalationTs);
    expect(edits).toHaveLength(1);
    expect(text(edits[0] as never)).toContain(`approved by <@${APPROVER}>`);

    // The approved panel went on to video: its middle and last keyframe thumbnails, its scores, and the final summary.
    const video = fake
      .called("files.completeUploadExternal")
      .find((call) => String(call.args.initial_comment).includes("S1 · video #1"));
    expect(video?.args.initial_comment).toContain("✅ passed");
    expect(video?.args.files).toHaveLength(2);
    const final = fake.called("chat.postMessage").find((call) => text(call).includes(`Run ${runId} done`));
    expect(text(final as never)).toContain("1/1 shots accepted");
  });

  it("/stop from anyone in the channel halts everything and says what was in flight; /status answers in the channel", async () => {
    const before = fake.called("chat.postMessage").length;
    expect((await send(slashCommand({ command: "/stop", user: STRANGER, channel: CHANNEL }))).status).toBe(
      200,
    );
    const stopped = await eventually(
      () =>
        fake
          .called("chat.postMessage")
          .slice(before)
          .find((call) => text(call).includes("Stopped by")),
      "the stop answer",
    );
    expect(text(stopped)).toContain("nothing was running");
    expect(text(stopped)).toContain(`<@${STRANGER}>`);
    expect(
      (await send(slashCommand({ command: "/continuity-status", user: STRANGER, channel: CHANNEL }))).status,
    ).toBe(200);
    const status = await eventually(
      () =>
        fake
          .called("chat.postMessage")
          .slice(before)
          .find((call) => text(call).includes(`Run ${runId}: done`)),
      "the status answer",
    );
    expect(status.args.channel).toBe(CHANNEL);
    await bot.idle();
  });
});
