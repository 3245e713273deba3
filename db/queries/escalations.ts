import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { EscalationStatus } from "../../src/core/record-statuses.ts";
import { escalationEvidenceSchema } from "../../src/core/verdict.ts";
import type { Db } from "../create-db.ts";
import { escalations } from "../schema.ts";
import { decodeColumn } from "./decode-column.ts";

export type EscalationRow = typeof escalations.$inferSelect;

const evidenceSchema = escalationEvidenceSchema.nullable();

function decodeEscalation(row: EscalationRow): EscalationRow {
  const at = { table: "escalations", id: row.id, column: "scores" };
  return { ...row, scores: decodeColumn(evidenceSchema, row.scores, at) };
}

export async function insertEscalation(db: Db, escalation: typeof escalations.$inferInsert): Promise<void> {
  await db.insert(escalations).values(escalation);
}

export async function findEscalation(db: Db, id: string): Promise<EscalationRow | undefined> {
  const [row] = await db.select().from(escalations).where(eq(escalations.id, id));
  return row && decodeEscalation(row);
}

export async function listEscalations(
  db: Db,
  filter: { runId?: string; status?: EscalationStatus } = {},
): Promise<EscalationRow[]> {
  const conditions = [
    filter.runId ? eq(escalations.runId, filter.runId) : undefined,
    filter.status ? eq(escalations.status, filter.status) : undefined,
  ].filter((condition) => condition !== undefined);
  const rows = await db
    .select()
    .from(escalations)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(escalations.createdAt);
  return rows.map(decodeEscalation);
}

/**
 * Records a decision only if the escalation is still pending: of two approvers reacting at
 * once, exactly one decision lands.
 */
export async function decideEscalation(
  db: Db,
  id: string,
  decision: { status: "approved" | "rejected"; decidedBy: string },
): Promise<EscalationRow | undefined> {
  const [row] = await db
    .update(escalations)
    .set({ ...decision, decidedAt: sql`now()` })
    .where(and(eq(escalations.id, id), eq(escalations.status, "pending")))
    .returning();
  return row && decodeEscalation(row);
}

/** A newer run of the same shot supersedes the older runs' open escalations for it. */
export async function supersedeEscalations(
  db: Db,
  shotIds: string[],
  sceneRunIds: { exceptRunId: string },
): Promise<void> {
  if (shotIds.length === 0) return;
  await db
    .update(escalations)
    .set({ status: "superseded" })
    .where(
      and(
        inArray(escalations.shotId, shotIds),
        eq(escalations.status, "pending"),
        ne(escalations.runId, sceneRunIds.exceptRunId),
      ),
    );
}
