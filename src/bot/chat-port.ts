import type { ChatPlatform } from "../core/chat-platforms.ts";

/**
 * What the bot needs from a chat platform, in the platform's own terms kept out: Slack and
 * Discord adapters implement this, the bot core only ever speaks it. Mentions (`<@id>`) and
 * code fences read the same on both platforms; titles are bolded by each adapter.
 */
export type Platform = ChatPlatform;

export interface OutImage {
  /** File name shown with the upload, e.g. "S1-panel-2.png". */
  filename: string;
  bytes: Buffer;
  /** Alt text / caption. */
  title: string;
}

export interface OutField {
  name: string;
  value: string;
}

export interface OutMessage {
  /** One short line, bolded; also the notification text. */
  title: string;
  /** Body text; may hold a ``` fenced block. */
  text?: string;
  /** A score table or key figures, rendered as section fields (Slack) or embed fields (Discord). */
  fields?: OutField[];
  /** Small thumbnails (PNG), uploaded with the message. */
  images?: OutImage[];
  /** A last muted line: blame, who may decide, how to resume. */
  footer?: string;
  tone?: "good" | "bad" | "warn" | "info";
}

/** Where a message goes: a channel, or a thread in it (Slack: the root's ts; Discord threads are channels). */
export interface Place {
  channel: string;
  thread?: string;
}

/** A posted message that can be edited and reacted to. */
export interface MessageRef {
  channel: string;
  id: string;
}

export interface ChatPort {
  readonly platform: Platform;
  /** The bot's own user id, so its own reactions are never taken for a decision. */
  botUserId(): string | undefined;
  /**
   * Posts a message. With `editable`, the returned ref can be updated and reacted to (Slack then
   * uploads the images first and posts the text as its own message; Discord attaches them).
   */
  post(place: Place, message: OutMessage, options?: { editable?: boolean }): Promise<MessageRef | undefined>;
  update(ref: MessageRef, message: OutMessage): Promise<void>;
  /** Opens a thread under a posted message; falls back to the message's channel where threads are impossible. */
  openThread(root: MessageRef, name: string): Promise<Place>;
  /** A note only `user` sees (Slack: ephemeral; Discord: a direct message). */
  privateNote(user: string, place: Place, text: string): Promise<void>;
  /** The bot's own ✅ and ❌ on an escalation, so deciding is one click. */
  offerDecision(ref: MessageRef): Promise<void>;
  /** A link that opens a posted message (the escalation to react on), when the platform gives one. */
  messageLink?(ref: MessageRef): Promise<string | undefined>;
}

/** The replies to one slash command: acknowledged within 3 s, answered later. */
export interface CommandReplies {
  /**
   * True when the acknowledgement answers this one delivery (Slack: the HTTP response), so it may
   * go out before the delivery is claimed in the database; unset when one acknowledgement answers
   * every copy of it (a Discord interaction: only the process that claims it may acknowledge).
   */
  readonly ackPerDelivery?: boolean;
  /** Acknowledges the command now; with `privateText`, that is the whole (private) answer. */
  ack(privateText?: string): Promise<void>;
  /** A private answer after the ack (an error found while working). */
  private(text: string): Promise<void>;
  /** A public answer in the command's channel; render opens its thread under it. */
  public(message: OutMessage): Promise<MessageRef | undefined>;
}
