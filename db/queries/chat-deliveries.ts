import { and, eq } from "drizzle-orm";
import type { Db } from "../create-db.ts";
import { chatEvents } from "../schema.ts";

/**
 * Records that a delivery is being handled; false when it already was. Platforms deliver again
 * (Slack retries an event it thinks was missed; several Discord connections on one token each
 * receive it), and the primary key makes exactly one caller win, whichever process it is in.
 */
export async function claimDelivery(db: Db, platform: string, eventId: string): Promise<boolean> {
  const rows = await db
    .insert(chatEvents)
    .values({ platform, eventId })
    .onConflictDoNothing()
    .returning({ eventId: chatEvents.eventId });
  return rows.length === 1;
}

/** Gives a claim back when the work it guarded failed, so a later delivery may try again. */
export async function releaseDelivery(db: Db, platform: string, eventId: string): Promise<void> {
  await db.delete(chatEvents).where(and(eq(chatEvents.platform, platform), eq(chatEvents.eventId, eventId)));
}
