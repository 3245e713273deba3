import { z } from "zod";
import { optionalText, wholeNumber } from "./config-fields.ts";

/**
 * The chat bot's variables, merged into the one configuration (src/config.ts) by spreading
 * `.shape`: so every field here is self-contained and cross-field rules live in
 * `botPlatforms` (src/bot/bot-platforms.ts), which `startBot` applies. It sits here, below both,
 * so the configuration never reaches up into the bot.
 */

/** Comma- or space-separated ids; platform user and channel ids never contain either. */
const idList = z
  .string()
  .default("")
  .transform((text) =>
    text
      .split(/[\s,]+/)
      .map((item) => item.trim())
      .filter(Boolean),
  );

const clockTime = z
  .string()
  .default("18:00")
  .transform((text, ctx) => {
    const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
    if (!match) {
      ctx.addIssue({ code: "custom", message: "expected a time of day as HH:MM, like 18:00" });
      return z.NEVER;
    }
    return { hour: Number(match[1]), minute: Number(match[2]) };
  });

const url = optionalText.refine(
  (value) => value === undefined || URL.canParse(value),
  "expected a URL like https://slack.com/api/",
);

export const botConfigSchema = z.object({
  /** Slack bot token (xoxb-…, OAuth & Permissions); setting it turns the Slack bot on. */
  SLACK_BOT_TOKEN: optionalText,
  /** Slack app-level token (xapp-…, scope connections:write) for Socket Mode: no public URL needed. */
  SLACK_APP_TOKEN: optionalText,
  /** Slack signing secret (Basic Information), for HTTP mode when SLACK_APP_TOKEN is not set. */
  SLACK_SIGNING_SECRET: optionalText,
  /** Port of Slack's HTTP mode; Slack posts to http(s)://<host>:<port>/slack/events. */
  SLACK_PORT: wholeNumber(3000, 0, 65_535),
  /** Base URL of the Slack Web API (default https://slack.com/api/): a proxy, or a local server in tests. */
  SLACK_API_URL: url,
  /** Discord bot token (Developer Portal, Bot); setting it turns the Discord bot on. */
  DISCORD_TOKEN: optionalText,
  /** Discord application id (General Information), for `continuity discord register`. */
  DISCORD_APPLICATION_ID: optionalText,
  /** Discord server (guild) id to register the slash commands in; unset registers them globally. */
  DISCORD_GUILD_ID: optionalText,
  /** Base URL of Discord's REST API (default https://discord.com/api): a proxy, or a local server in tests. */
  DISCORD_API_URL: url,
  /** Platform user ids (Slack U…, Discord numeric ids) who may decide escalations and /resume; comma-separated. */
  CONTINUITY_APPROVERS: idList,
  /** Channel ids the bot answers in, comma-separated; empty answers in any channel it is in. */
  CONTINUITY_CHANNELS: idList,
  /** Channel for the daily spend summary: slack:C… or discord:123…; a bare id is Slack unless all digits. Unset: no summary. */
  CONTINUITY_SUMMARY_CHANNEL: optionalText,
  /** Time of day (HH:MM, in CONTINUITY_TIMEZONE) the daily spend summary is posted; it covers that day so far. */
  CONTINUITY_SUMMARY_TIME: clockTime,
  /** Minutes an escalation waits for ✅/❌ before it counts as ❌ (rejected, by "timeout"); 0 waits forever. */
  CONTINUITY_ESCALATION_TIMEOUT_MINUTES: wholeNumber(1440, 0, 60 * 24 * 30),
});

export type BotConfig = z.infer<typeof botConfigSchema>;
