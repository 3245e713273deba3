import { and, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "../create-db.ts";
import { runShots } from "../schema.ts";

/**
 * Shots a worker was at when it died: not yet at rest, their lease run out (a live worker renews
 * its lease every third of it). Database time, so workers on several machines agree.
 */
export async function expiredShotLeases(
  db: Db,
): Promise<{ runId: string; shotId: string; leaseUntil: Date | null }[]> {
  return db
    .select({ runId: runShots.runId, shotId: runShots.shotId, leaseUntil: runShots.leaseUntil })
    .from(runShots)
    .where(
      and(
        inArray(runShots.status, ["pending", "running"]),
        isNotNull(runShots.leaseOwner),
        lt(runShots.leaseUntil, sql`now()`),
      ),
    );
}
