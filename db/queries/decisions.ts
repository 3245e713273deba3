import { and, gte, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../create-db.ts";
import { escalations, validations } from "../schema.ts";

/**
 * Every human decision on an escalation (approve/reject, ✅/❌, a timeout's ❌) with the stored
 * validations of the exact attempt it was made on: validations are written once and never
 * changed, so these are the scores the approver saw.
 */
export async function listDecisions(db: Db, since?: Date) {
  const decided = await db
    .select()
    .from(escalations)
    .where(
      and(
        inArray(escalations.status, ["approved", "rejected"]),
        isNotNull(escalations.attemptId),
        since ? gte(escalations.decidedAt, since) : sql`true`,
      ),
    )
    .orderBy(escalations.decidedAt);
  const attemptIds = decided.map((row) => row.attemptId as number);
  const judged =
    attemptIds.length === 0
      ? []
      : await db.select().from(validations).where(inArray(validations.attemptId, attemptIds));
  return decided.map((row) => ({
    id: row.id,
    status: row.status as "approved" | "rejected",
    decidedAt: row.decidedAt,
    validations: judged.filter((validation) => validation.attemptId === row.attemptId),
  }));
}
