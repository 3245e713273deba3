import type { Db } from "../../../db/create-db.ts";
import type { MessageRef, Place, Platform } from "../chat-port.ts";
import { putChatState, readChatState } from "./chat-state.ts";

/**
 * A run's thread and what has been posted in it, so a sync only posts what is new and a
 * restarted bot carries on where the last one stopped instead of posting everything again.
 */
export interface ThreadRecord {
  runId: string;
  platform: Platform;
  /** The root message in the channel (estimate, cap, per-shot progress), edited as the run goes. */
  root: MessageRef;
  /** Where the run's messages go. */
  place: Place;
  /** Platform user id of who started the run. */
  requestedBy: string;
  /** Attempt ids whose message is posted. */
  posted: number[];
  /** Escalations posted, with their message and the status last shown on it. */
  escalations: Record<string, { message: MessageRef | null; shown: string }>;
  /** The root message's last text, so an unchanged root is not edited again. */
  rootShown: string;
  /** `status@updatedAt` of the last run summary posted: a run can settle more than once (escalated, then done). */
  summarised: string | null;
  /** False once the run is over and nothing in it waits on anyone. */
  open: boolean;
}

export const threadKey = (runId: string) => `chat:thread:${runId}`;
export const THREAD_PREFIX = "chat:thread:";

/** Which escalation a posted message stands for: a reaction arrives with only the message. */
export interface EscalationLink {
  runId: string;
  escalationId: string;
}

const linkKey = (platform: Platform, message: MessageRef) =>
  `chat:message:${platform}:${message.channel}:${message.id}`;

export function linkEscalationMessage(
  db: Db,
  platform: Platform,
  message: MessageRef,
  link: EscalationLink,
): Promise<void> {
  return putChatState(db, linkKey(platform, message), link);
}

export function findEscalationLink(
  db: Db,
  platform: Platform,
  message: MessageRef,
): Promise<EscalationLink | undefined> {
  return readChatState<EscalationLink>(db, linkKey(platform, message));
}
