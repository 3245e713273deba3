import type { Platform } from "./chat-port.ts";

/** One slash command as it arrived, whatever the platform. */
export interface Invocation {
  platform: Platform;
  /** As typed: "/render". */
  name: string;
  /** Slack: the words after the command. */
  text?: string;
  /** Discord: the named options. */
  options?: Record<string, string | undefined>;
  user: string;
  channel: string;
  /** Unique per delivery (Slack trigger_id, Discord interaction id), for handling it once. */
  deliveryId: string;
}
