import type { BotConfig } from "../config/bot-config.ts";
import { AppError } from "../core/app-error.ts";
import type { Platform } from "./chat-port.ts";

export interface ChannelTarget {
  platform: Platform;
  channel: string;
}

/** `slack:C123`, `discord:123`, or a bare id (all digits is a Discord snowflake, anything else Slack). */
export function parseChannelTarget(text: string): ChannelTarget {
  const match = /^(slack|discord):(.+)$/.exec(text.trim());
  if (match) return { platform: match[1] as Platform, channel: match[2] as string };
  return { platform: /^\d+$/.test(text.trim()) ? "discord" : "slack", channel: text.trim() };
}

/**
 * Which platforms the configuration turns on, with the settings each needs. A half-configured
 * platform is an error naming the missing variable, never a bot that silently stays offline.
 */
export function botPlatforms(config: BotConfig): { slack: "socket" | "http" | null; discord: boolean } {
  let slack: "socket" | "http" | null = null;
  if (config.SLACK_BOT_TOKEN) {
    if (config.SLACK_APP_TOKEN) slack = "socket";
    else if (config.SLACK_SIGNING_SECRET) slack = "http";
    else {
      throw new AppError(
        "CONFIG_INVALID",
        "SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is",
      );
    }
  } else if (config.SLACK_APP_TOKEN || config.SLACK_SIGNING_SECRET) {
    throw new AppError(
      "CONFIG_INVALID",
      "SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set",
    );
  }
  if (!slack && !config.DISCORD_TOKEN) {
    throw new AppError(
      "CONFIG_INVALID",
      "no chat platform is configured: set SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, and/or DISCORD_TOKEN",
    );
  }
  return { slack, discord: Boolean(config.DISCORD_TOKEN) };
}
