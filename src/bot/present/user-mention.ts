import type { Platform } from "../chat-port.ts";

/**
 * Who did something, as stored in runs and escalations: `slack:U123`, `discord:456`. Prefixed so
 * a Slack id, a Discord id and a terminal user name can never be taken for one another.
 */
export const platformUser = (platform: Platform, id: string) => `${platform}:${id}`;

/** Who an escalation nobody decided in time is recorded as decided by. */
export const TIMEOUT_DECIDER = "timeout";

/** A stored user as this platform shows it: a mention for its own users, the name otherwise. */
export function mention(platform: Platform, stored: string | null | undefined): string {
  if (!stored) return "someone";
  const prefix = `${platform}:`;
  return stored.startsWith(prefix) ? `<@${stored.slice(prefix.length)}>` : stored;
}
