import { and, eq, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { ChatPlatform } from "../../src/core/chat-platforms.ts";
import type { Db } from "../create-db.ts";
import { chatEscalationMessages, chatThreads } from "../schema.ts";
import { decodeColumn } from "./decode-column.ts";

/** A posted message, as the platform names it. */
interface PostedMessage {
  channel: string;
  id: string;
}

/**
 * A run's chat thread and what has been posted in it, so a sync only posts what is new and a
 * restarted bot carries on where the last one stopped instead of posting everything again.
 */
export interface ChatThread {
  runId: string;
  platform: ChatPlatform;
  /** The root message in the channel (estimate, cap, per-shot progress), edited as the run goes. */
  root: PostedMessage;
  /** Where the run's messages go. */
  place: { channel: string; thread?: string };
  /** Platform user id of who started the run. */
  requestedBy: string;
  /** Attempt ids whose message is posted. */
  posted: number[];
  /** Escalations posted, with their message and the status last shown on it. */
  escalations: Record<string, { message: PostedMessage | null; shown: string }>;
  /** The root message's last text, so an unchanged root is not edited again. */
  rootShown: string;
  /** `status@updatedAt` of the last run summary posted: a run can settle more than once (escalated, then done). */
  summarised: string | null;
  /** False once the run is over and nothing in it waits on anyone. */
  open: boolean;
}

const postedSchema = z.array(z.number());
const escalationsSchema = z.record(
  z.string(),
  z.looseObject({
    message: z.looseObject({ channel: z.string(), id: z.string() }).nullable(),
    shown: z.string(),
  }),
);

type ThreadRow = typeof chatThreads.$inferSelect;

function toThread(row: ThreadRow): ChatThread {
  const at = (column: string) => ({ table: "chat_threads", id: row.runId, column });
  return {
    runId: row.runId,
    platform: row.platform,
    root: { channel: row.rootChannel, id: row.rootMessageId },
    place: row.threadId === null ? { channel: row.channel } : { channel: row.channel, thread: row.threadId },
    requestedBy: row.requestedBy,
    posted: decodeColumn(postedSchema, row.posted, at("posted")),
    escalations: decodeColumn(escalationsSchema, row.escalations, at("escalations")),
    rootShown: row.rootShown,
    summarised: row.summarised,
    open: row.open,
  };
}

/** What a save writes: everything but the key and the lease. */
function columnsOf(thread: ChatThread) {
  return {
    platform: thread.platform,
    rootChannel: thread.root.channel,
    rootMessageId: thread.root.id,
    channel: thread.place.channel,
    threadId: thread.place.thread ?? null,
    requestedBy: thread.requestedBy,
    posted: thread.posted,
    escalations: thread.escalations,
    rootShown: thread.rootShown,
    summarised: thread.summarised,
    open: thread.open,
  };
}

export async function findChatThread(db: Db, runId: string): Promise<ChatThread | undefined> {
  const [row] = await db.select().from(chatThreads).where(eq(chatThreads.runId, runId));
  return row && toThread(row);
}

/**
 * Records a run's thread, held by `owner`; false when it exists already. The thread is written
 * only by the process holding its lease: `lease_owner` names the holder and `lease_at` is its
 * heartbeat, in database time, so bots on several machines agree on when it has gone quiet.
 */
export async function createChatThread(db: Db, thread: ChatThread, owner: string): Promise<boolean> {
  const rows = await db
    .insert(chatThreads)
    .values({ runId: thread.runId, ...columnsOf(thread), leaseOwner: owner, leaseAt: sql`now()` })
    .onConflictDoNothing()
    .returning({ runId: chatThreads.runId });
  return rows.length === 1;
}

/** Takes or renews the thread's lease when it is ours, or its holder has been silent `seconds`. */
export async function claimChatThread(
  db: Db,
  runId: string,
  owner: string,
  seconds: number,
): Promise<boolean> {
  const rows = await db
    .update(chatThreads)
    .set({ leaseOwner: owner, leaseAt: sql`now()` })
    .where(
      and(
        eq(chatThreads.runId, runId),
        or(
          eq(chatThreads.leaseOwner, owner),
          lt(chatThreads.leaseAt, sql`now() - make_interval(secs => ${seconds})`),
        ),
      ),
    )
    .returning({ runId: chatThreads.runId });
  return rows.length === 1;
}

/** Saves a held thread; false when the lease was lost to another process (which then owns the writes). */
export async function saveChatThread(db: Db, thread: ChatThread, owner: string): Promise<boolean> {
  const rows = await db
    .update(chatThreads)
    .set({ ...columnsOf(thread), leaseAt: sql`now()` })
    .where(and(eq(chatThreads.runId, thread.runId), eq(chatThreads.leaseOwner, owner)))
    .returning({ runId: chatThreads.runId });
  return rows.length === 1;
}

/** Threads whose run is not over yet, or in which something still waits on someone. */
export async function listOpenChatThreads(db: Db): Promise<ChatThread[]> {
  const rows = await db.select().from(chatThreads).where(eq(chatThreads.open, true));
  return rows.map(toThread);
}

/** Which escalation a posted message stands for: a reaction arrives with only the message. */
export interface EscalationLink {
  runId: string;
  escalationId: string;
}

export async function linkEscalationMessage(
  db: Db,
  platform: ChatPlatform,
  message: PostedMessage,
  link: EscalationLink,
): Promise<void> {
  await db
    .insert(chatEscalationMessages)
    .values({ platform, channel: message.channel, messageId: message.id, ...link })
    .onConflictDoUpdate({
      target: [
        chatEscalationMessages.platform,
        chatEscalationMessages.channel,
        chatEscalationMessages.messageId,
      ],
      set: link,
    });
}

export async function findEscalationLink(
  db: Db,
  platform: ChatPlatform,
  message: PostedMessage,
): Promise<EscalationLink | undefined> {
  const [row] = await db
    .select({ runId: chatEscalationMessages.runId, escalationId: chatEscalationMessages.escalationId })
    .from(chatEscalationMessages)
    .where(
      and(
        eq(chatEscalationMessages.platform, platform),
        eq(chatEscalationMessages.channel, message.channel),
        eq(chatEscalationMessages.messageId, message.id),
      ),
    );
  return row;
}
