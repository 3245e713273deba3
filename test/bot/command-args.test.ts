import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { channelAllowed, isApprover } from "../../src/bot/authorise.ts";
import { botPlatforms, parseChannelTarget } from "../../src/bot/bot-platforms.ts";
import { COMMAND_NAMES, commandName, parseCommand } from "../../src/bot/command-args.ts";
import { reactionDecision } from "../../src/bot/reaction-decision.ts";
import { botConfigSchema } from "../../src/config/bot-config.ts";

describe("chat command arguments", () => {
  it("reads Slack's words and Discord's named options into the same command", () => {
    expect(parseCommand("/render", { text: "1A-1D 2.50" })).toEqual({
      ok: true,
      command: { name: "render", args: { scope: "1A-1D", budget: "2.50" } },
    });
    expect(parseCommand("render", { options: { scope: "1A-1D", budget: "2.50" } })).toEqual(
      parseCommand("/render", { text: " 1A-1D   2.50 " }),
    );
    expect(parseCommand("/spend", { text: "" })).toEqual({
      ok: true,
      command: { name: "spend", args: { period: "today" } },
    });
    expect(parseCommand("/spend", { text: "week" })).toMatchObject({
      ok: true,
      command: { args: { period: "week" } },
    });
    expect(parseCommand("/continuity-status", { text: "r1a2b3c4d" })).toEqual({
      ok: true,
      command: { name: "status", args: { run: "r1a2b3c4d" } },
    });
  });

  it("names the wrong argument and the usage", () => {
    const cases: [string, string, RegExp][] = [
      ["/render", "", /^render: scope: missing: give a shot/],
      ["/render", "1A 0", /budget: expected a positive dollar amount like 0\.50 or 15, got "0"/],
      ["/render", "1A $-3", /budget: expected a positive dollar amount/],
      ["/render", "1A;rm 2", /scope: expected a shot \(1A\)/],
      ["/render", "1A 2 extra words", /render: unexpected "extra words"\nusage: \/render <scope> \[budget\]/],
      ["/spend", "month", /period: expected today or week/],
      ["/stop", "now", /stop: unexpected "now"/],
      ["/status", "../etc", /run: expected a run id/],
      ["/deploy", "", /unknown command \/deploy; the commands are \/render, \/estimate/],
    ];
    for (const [name, text, message] of cases) {
      const parsed = parseCommand(name, { text });
      expect(parsed.ok, `${name} ${text}`).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(message);
    }
    expect(parseCommand("/audit", { text: "help" })).toEqual({ ok: false, message: "usage: /audit <scope>" });
    expect(commandName("/STOP")).toBe("stop");
  });
});

describe("access rules", () => {
  it("go by platform ids: approvers for decisions, channels for commands (none configured: any channel)", () => {
    const rules = { approvers: ["U1"], channels: ["C1"] };
    expect(isApprover(rules, "U1")).toBe(true);
    expect(isApprover(rules, "u1")).toBe(false);
    expect(channelAllowed(rules, "C1")).toBe(true);
    expect(channelAllowed(rules, "C2")).toBe(false);
    expect(channelAllowed({ approvers: [], channels: [] }, "C2")).toBe(true);
    expect(isApprover({ approvers: [], channels: [] }, "U1")).toBe(false);
  });

  it("take ✅ and ❌ (and their look-alikes) as decisions, nothing else", () => {
    expect(["white_check_mark", "heavy_check_mark", "✅"].map(reactionDecision)).toEqual([
      "approve",
      "approve",
      "approve",
    ]);
    expect(["x", "❌", "negative_squared_cross_mark"].map(reactionDecision)).toEqual([
      "reject",
      "reject",
      "reject",
    ]);
    expect(["tada", "+1", "eyes", "🎉"].map(reactionDecision)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("bot configuration", () => {
  it("parses lists, the summary time and channel, and says which platforms are on", () => {
    const config = botConfigSchema.parse({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_APP_TOKEN: "xapp-1",
      CONTINUITY_APPROVERS: "U1, U2 ,U3",
      CONTINUITY_SUMMARY_TIME: "7:05",
    });
    expect(config.CONTINUITY_APPROVERS).toEqual(["U1", "U2", "U3"]);
    expect(config.CONTINUITY_CHANNELS).toEqual([]);
    expect(config.CONTINUITY_SUMMARY_TIME).toEqual({ hour: 7, minute: 5 });
    expect(config.CONTINUITY_ESCALATION_TIMEOUT_MINUTES).toBe(1440);
    expect(botPlatforms(config)).toEqual({ slack: "socket", discord: false });
    expect(parseChannelTarget("C0123")).toEqual({ platform: "slack", channel: "C0123" });
    expect(parseChannelTarget("123456789012345678")).toEqual({
      platform: "discord",
      channel: "123456789012345678",
    });
    expect(parseChannelTarget("discord:42")).toEqual({ platform: "discord", channel: "42" });
  });

  it("refuses a half-configured platform by name", () => {
    expect(botConfigSchema.safeParse({ CONTINUITY_SUMMARY_TIME: "25:00" }).success).toBe(false);
    expect(botConfigSchema.safeParse({ SLACK_API_URL: "not a url" }).success).toBe(false);
    expect(() => botPlatforms(botConfigSchema.parse({ SLACK_BOT_TOKEN: "xoxb-1" }))).toThrow(
      /neither SLACK_APP_TOKEN .* nor SLACK_SIGNING_SECRET/,
    );
    expect(() => botPlatforms(botConfigSchema.parse({ SLACK_SIGNING_SECRET: "s" }))).toThrow(
      /SLACK_BOT_TOKEN is required/,
    );
    expect(() => botPlatforms(botConfigSchema.parse({}))).toThrow(/no chat platform is configured/);
    expect(botPlatforms(botConfigSchema.parse({ DISCORD_TOKEN: "d" }))).toEqual({
      slack: null,
      discord: true,
    });
  });
});

describe("the Slack app manifest", () => {
  it("declares every command the bot parses, the scopes its calls need and the reaction event", async () => {
    const manifest = await readFile(new URL("../../slack-app-manifest.yml", import.meta.url), "utf8");
    const commands = [...manifest.matchAll(/^\s+- command: (\/\S+)$/gm)].map((match) =>
      commandName(match[1] as string),
    );
    expect(commands.sort()).toEqual([...COMMAND_NAMES].sort());
    for (const scope of [
      "commands",
      "chat:write",
      "chat:write.public",
      "files:write",
      "reactions:read",
      "reactions:write",
    ]) {
      expect(manifest).toMatch(new RegExp(`^\\s+- ${scope.replace(".", "\\.")}$`, "m"));
    }
    expect(manifest).toMatch(/bot_events:\n\s+- reaction_added/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
  });
});
