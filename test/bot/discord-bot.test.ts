import { setTimeout as delay } from "node:timers/promises";
import type { Client } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findEscalation, listEscalations } from "../../db/queries/escalations.ts";
import { latestRun } from "../../db/queries/runs.ts";
import type { Bot } from "../../src/bot/bot.ts";
import { createDiscordChat } from "../../src/bot/discord/discord-chat.ts";
import { createDiscordClient } from "../../src/bot/discord/discord-client.ts";
import { registerDiscordListeners } from "../../src/bot/discord/discord-listeners.ts";
import { registerDiscordCommands } from "../../src/bot/discord/register-commands.ts";
import type { Harness } from "../helpers/engine-harness.ts";
import { botConfig, createBotHarness, eventually, waitForRunStatus } from "./bot-harness.ts";
import {
  APPLICATION,
  CHANNEL,
  commandInteraction,
  dispatch,
  GUILD,
  reactionAdd,
  readyClient,
  threadCreated,
} from "./discord-gateway.ts";
import { type DiscordCall, type FakeDiscordApi, startFakeDiscordApi } from "./fake-discord-api.ts";

const ANA = "110000000000000001"; // approver, starts the first run
const BEN = "120000000000000002"; // approver, starts the second run
const STRANGER = "130000000000000003";

const embed = (call: DiscordCall | undefined) =>
  (call?.body?.embeds as Record<string, unknown>[] | undefined)?.[0] ?? {};
const embedText = (call: DiscordCall | undefined) => JSON.stringify(embed(call));
/** An interaction callback's message text. */
const content = (call: DiscordCall | undefined) =>
  String((call?.body?.data as { content?: string } | undefined)?.content);

describe("the Discord bot, driven with gateway payloads, REST against a local server", () => {
  let fake: FakeDiscordApi;
  let client: Client;
  let harness: Harness;
  let bot: Bot;
  let clock = Date.now();
  const escalationMessages: { id: string; channel: string }[] = [];
  const runs: string[] = [];
  const callback = (interaction: { id: string }) =>
    eventually(
      () => fake.calls.find((call) => call.path.startsWith(`/interactions/${interaction.id}/`)),
      "the interaction callback",
    );

  beforeAll(async () => {
    fake = await startFakeDiscordApi({ interactionChannel: CHANNEL });
    const config = botConfig({
      DISCORD_TOKEN: "discord-test-token",
      DISCORD_APPLICATION_ID: APPLICATION,
      DISCORD_API_URL: fake.url,
      CONTINUITY_APPROVERS: `${ANA} ${BEN}`,
      CONTINUITY_CHANNELS: CHANNEL,
      CONTINUITY_ESCALATION_TIMEOUT_MINUTES: "90",
    });
    client = createDiscordClient(config);
    readyClient(client);
    const chat = createDiscordChat(client.rest, () => client.user?.id);
    ({ harness, bot } = await createBotHarness({
      config,
      chats: { discord: chat },
      now: () => new Date(clock),
    }));
    registerDiscordListeners(client, bot, () => {});
  });

  afterAll(async () => {
    await bot?.idle();
    await client?.destroy();
    await harness?.close();
    await fake?.close();
  });

  it("registers the slash commands in the guild with one PUT", async () => {
    const names = await registerDiscordCommands({
      rest: client.rest,
      applicationId: APPLICATION,
      guildId: GUILD,
    });
    expect(names).toEqual(["render", "estimate", "audit", "stop", "resume", "status", "spend", "bible"]);
    const [put] = fake.find("PUT", /\/commands$/);
    expect(put?.path).toBe(`/applications/${APPLICATION}/guilds/${GUILD}/commands`);
    expect(put?.authorization).toBe("Bot discord-test-token");
    const commands = (put?.body ?? []) as unknown as {
      name: string;
      options: { name: string; required?: boolean }[];
    }[];
    const render = commands[0];
    expect(render?.options.map((option) => [option.name, option.required ?? false])).toEqual([
      ["scope", true],
      ["budget", false],
    ]);
  });

  it("answers a bad argument and a non-approver's /resume with an ephemeral reply, not a deferral", async () => {
    const bad = commandInteraction({ name: "render", user: ANA, options: { scope: "S1", budget: "abc" } });
    dispatch(client, "INTERACTION_CREATE", bad);
    const badReply = await callback(bad);
    expect(badReply.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(content(badReply)).toContain(
      'budget: expected a positive dollar amount like 0.50 or 15, got "abc"',
    );

    const resume = commandInteraction({ name: "resume", user: STRANGER });
    dispatch(client, "INTERACTION_CREATE", resume);
    expect(content(await callback(resume))).toContain("only approvers may resume");

    const elsewhere = commandInteraction({ name: "stop", user: ANA, channel: "399999999999999999" });
    dispatch(client, "INTERACTION_CREATE", elsewhere);
    expect(content(await callback(elsewhere))).toContain(`<#${CHANNEL}>`);
  });

  async function renderAs(
    user: string,
  ): Promise<{ runId: string; thread: string; escalation: { id: string; channel: string } }> {
    const before = fake.calls.length;
    const interaction = commandInteraction({ name: "render", user, options: { scope: "S1" } });
    dispatch(client, "INTERACTION_CREATE", interaction);
    expect((await callback(interaction)).body).toMatchObject({ type: 5 });
    const root = await eventually(
      () =>
        fake.find("PATCH", /\/messages\/@original$/).find((call) => call.path.includes(interaction.token)),
      "the root",
    );
    expect(embedText(root)).toMatch(/Estimate \$[\d.]+ expected, \$[\d.]+ worst case; cap \$15\.00/);
    const opened = await eventually(
      () => fake.calls.slice(before).find((call) => /\/threads$/.test(call.path)),
      "the thread",
    );
    expect(opened.path).toBe(`/channels/${CHANNEL}/messages/${root.result?.id}/threads`);
    const thread = opened.result?.id as string;
    threadCreated(client, { id: thread, parent: CHANNEL, name: String(opened.body?.name) });
    const run = await eventually(async () => {
      const latest = await latestRun(harness.runtime.deps.db);
      return latest && !runs.includes(latest.id) ? latest : undefined;
    }, "the run");
    runs.push(run.id);
    await waitForRunStatus(harness, bot, run.id, ["escalated"]);
    const posts = fake.find("POST", new RegExp(`^/channels/${thread}/messages$`));
    const escalation = posts.find((call) => embedText(call).includes("needs a decision"));
    expect(escalation).toBeDefined();
    return { runId: run.id, thread, escalation: { id: escalation?.result?.id as string, channel: thread } };
  }

  it("/render defers, answers with the estimate, opens a thread and posts each attempt with its thumbnail and score fields", async () => {
    const first = await renderAs(ANA);
    escalationMessages.push(first.escalation);
    const posts = fake.find("POST", new RegExp(`^/channels/${first.thread}/messages$`));
    const attempts = posts.filter((call) => String(embed(call).title).startsWith("S1 · panel #"));
    expect(attempts).toHaveLength(2);
    for (const call of attempts) {
      expect(call.authorization).toBe("Bot discord-test-token");
      expect(call.files).toHaveLength(1);
      expect(call.files[0]?.bytes.subarray(1, 4).toString()).toBe("PNG");
      expect(embed(call).image).toEqual({ url: `attachment://${call.files[0]?.name}` });
      const fields = embed(call).fields as { name: string; value: string }[];
      expect(fields.find((field) => field.name === "identity · ann")?.value).toMatch(
        /^❌ 0\.30 \(≥ 0\.75\) hair is wrong/,
      );
      expect(embed(call).footer).toEqual({ text: "blame: panel — the panel is drawn off-model" });
    }
    const escalation = posts.find((call) => call.result?.id === first.escalation.id);
    expect(escalation?.files).toHaveLength(1);
    expect(embedText(escalation)).toContain(
      `Approvers: <@${ANA}>, <@${BEN}>; <@${ANA}> started the run and may not approve it`,
    );
    expect(embedText(escalation)).toContain("No decision within 90 min counts as ❌");
    expect(escalation?.body?.allowed_mentions).toEqual({ parse: [] });
    const offered = fake
      .find("PUT", new RegExp(`/messages/${first.escalation.id}/reactions/`))
      .map((call) => call.path.split("/")[6]);
    expect(offered).toEqual(["✅", "❌"]);
  });

  it("ignores a stranger's reaction on an uncached message with a DM, and refuses the requester's own ✅", async () => {
    const [message] = escalationMessages;
    dispatch(
      client,
      "MESSAGE_REACTION_ADD",
      reactionAdd({
        user: STRANGER,
        message: message?.id as string,
        channel: message?.channel as string,
        emoji: "✅",
      }),
    );
    const note = await eventually(
      () =>
        fake
          .find("POST", /^\/channels\/9\d+\/messages$/)
          .find((call) => String(call.body?.content).includes("ignored")),
      "the DM",
    );
    expect(fake.find("POST", /^\/users\/@me\/channels$/)[0]?.body).toEqual({ recipient_id: STRANGER });
    expect(note.path).toBe(`/channels/9${STRANGER}/messages`);

    dispatch(
      client,
      "MESSAGE_REACTION_ADD",
      reactionAdd({
        user: ANA,
        message: message?.id as string,
        channel: message?.channel as string,
        emoji: "✅",
      }),
    );
    await eventually(
      () =>
        fake.calls.find((call) => String(call.body?.content).includes("may not approve its own escalation")),
      "the requester's DM",
    );
    const [escalation] = await listEscalations(harness.runtime.deps.db, { runId: runs[0] });
    expect(escalation?.status).toBe("pending");
  });

  it("a reaction on an escalation superseded by a newer run decides nothing, and its message says so", async () => {
    const second = await renderAs(BEN);
    escalationMessages.push(second.escalation);
    const [old] = await listEscalations(harness.runtime.deps.db, { runId: runs[0] });
    expect(old?.status).toBe("superseded");
    const [message] = escalationMessages;
    dispatch(
      client,
      "MESSAGE_REACTION_ADD",
      reactionAdd({
        user: BEN,
        message: message?.id as string,
        channel: message?.channel as string,
        emoji: "✅",
      }),
    );
    const note = await eventually(
      () => fake.calls.find((call) => String(call.body?.content).includes("superseded")),
      "the superseded note",
    );
    expect(note.path).toBe(`/channels/9${BEN}/messages`);
    const edit = await eventually(
      () => fake.find("PATCH", new RegExp(`/messages/${message?.id}$`))[0],
      "the edit",
    );
    expect(embedText(edit)).toContain("superseded by a newer run of this shot: nothing to decide");
    expect((await findEscalation(harness.runtime.deps.db, old?.id as string))?.decidedBy).toBeNull();
  });

  it("an escalation nobody decides in time counts as ❌, recorded and shown on its message", async () => {
    const [pending] = await listEscalations(harness.runtime.deps.db, { runId: runs[1] });
    expect(await bot.expireEscalations()).toEqual([]);
    clock += 91 * 60_000;
    expect(await bot.expireEscalations()).toEqual([pending?.id]);
    await bot.idle();
    const decided = await findEscalation(harness.runtime.deps.db, pending?.id as string);
    expect(decided).toMatchObject({ status: "rejected", decidedBy: "timeout" });
    const message = escalationMessages[1];
    const edit = fake.find("PATCH", new RegExp(`/messages/${message?.id}$`)).at(-1);
    expect(embedText(edit)).toContain("rejected: no decision in time");
    // A late ✅ changes nothing.
    dispatch(
      client,
      "MESSAGE_REACTION_ADD",
      reactionAdd({
        user: ANA,
        message: message?.id as string,
        channel: message?.channel as string,
        emoji: "✅",
      }),
    );
    await eventually(
      () => fake.calls.find((call) => String(call.body?.content).includes("already rejected by timeout")),
      "the late note",
    );
    await delay(50);
    expect((await findEscalation(harness.runtime.deps.db, pending?.id as string))?.status).toBe("rejected");
  });
});
