import { and, eq, like, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../../db/create-db.ts";
import { control } from "../../../db/schema.ts";

/**
 * The bot's own small durable state (which thread belongs to which run, which message is which
 * escalation) lives in the shared key-value `control` table under the `chat:` prefix, so a
 * restarted bot picks its threads up again. A thread is written only by the process holding its
 * lease: `updated_by` names the holder and `updated_at` is its heartbeat, in database time.
 */
export async function readChatState<T>(db: Db, key: string): Promise<T | undefined> {
  const [row] = await db.select({ value: control.value }).from(control).where(eq(control.key, key));
  return row?.value as T | undefined;
}

/** Creates a key held by `owner`; false when it exists already. */
export async function createChatState(db: Db, key: string, value: unknown, owner: string): Promise<boolean> {
  const rows = await db
    .insert(control)
    .values({ key, value, updatedBy: owner, updatedAt: sql`now()` })
    .onConflictDoNothing()
    .returning({ key: control.key });
  return rows.length === 1;
}

/** Writes a key nobody holds (a message's link to its escalation). */
export async function putChatState(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insert(control)
    .values({ key, value, updatedAt: sql`now()` })
    .onConflictDoUpdate({ target: control.key, set: { value, updatedAt: sql`now()` } });
}

/** Takes or renews the lease when it is ours, free, or older than `seconds`. */
export async function claimChatState(db: Db, key: string, owner: string, seconds: number): Promise<boolean> {
  const rows = await db
    .update(control)
    .set({ updatedBy: owner, updatedAt: sql`now()` })
    .where(
      and(
        eq(control.key, key),
        or(
          eq(control.updatedBy, owner),
          lt(control.updatedAt, sql`now() - make_interval(secs => ${seconds})`),
        ),
      ),
    )
    .returning({ key: control.key });
  return rows.length === 1;
}

/** Saves a held key; false when the lease was lost to another process (which then owns the writes). */
export async function saveChatState(db: Db, key: string, value: unknown, owner: string): Promise<boolean> {
  const rows = await db
    .update(control)
    .set({ value, updatedAt: sql`now()` })
    .where(and(eq(control.key, key), eq(control.updatedBy, owner)))
    .returning({ key: control.key });
  return rows.length === 1;
}

/** Keys under a prefix whose JSON value has `open: true`. */
export async function listOpenChatStates<T>(db: Db, prefix: string): Promise<{ key: string; value: T }[]> {
  const rows = await db
    .select({ key: control.key, value: control.value })
    .from(control)
    .where(and(like(control.key, `${prefix}%`), sql`(${control.value}->>'open')::boolean`));
  return rows.map((row) => ({ key: row.key, value: row.value as T }));
}
