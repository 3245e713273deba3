import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { AttemptVerdict } from "../../src/core/record-statuses.ts";
import { type RecordedFailure, recordedFailureSchema } from "../../src/core/verdict.ts";
import type { Db } from "../create-db.ts";
import { attempts, validations } from "../schema.ts";
import { decodeColumn } from "./decode-column.ts";
import { fenced, type ShotLease } from "./lease-fence.ts";

export type AttemptRow = typeof attempts.$inferSelect;

const extrasSchema = z.record(z.string(), z.string());
const failuresSchema = z.array(recordedFailureSchema);

function decodeAttempt(row: AttemptRow): AttemptRow {
  const at = (column: string) => ({ table: "attempts", id: String(row.id), column });
  return {
    ...row,
    extras: decodeColumn(extrasSchema, row.extras, at("extras")),
    failures: decodeColumn(failuresSchema, row.failures, at("failures")),
  };
}

/** Creates the attempt row, or returns the one a crashed predecessor already created for the same number. */
export async function upsertAttempt(
  db: Db,
  attempt: { runId: string; shotId: string; stage: string; number: number; source: string },
  lease?: ShotLease,
): Promise<AttemptRow> {
  const [inserted] = await fenced(db, lease, (tx) =>
    tx.insert(attempts).values(attempt).onConflictDoNothing().returning(),
  );
  if (inserted) return decodeAttempt(inserted);
  const [existing] = await db
    .select()
    .from(attempts)
    .where(
      and(
        eq(attempts.runId, attempt.runId),
        eq(attempts.shotId, attempt.shotId),
        eq(attempts.stage, attempt.stage),
        eq(attempts.number, attempt.number),
      ),
    );
  if (!existing) throw new Error("attempt vanished between insert and select");
  return decodeAttempt(existing);
}

export async function findAttempt(db: Db, attemptId: number): Promise<AttemptRow | undefined> {
  const [row] = await db.select().from(attempts).where(eq(attempts.id, attemptId));
  return row && decodeAttempt(row);
}

export async function setAttemptArtifact(
  db: Db,
  attemptId: number,
  artifact: { key: string; hash: string; extras?: Record<string, string> },
  lease?: ShotLease,
): Promise<void> {
  await fenced(db, lease, (tx) =>
    tx
      .update(attempts)
      .set({
        artifactKey: artifact.key,
        artifactHash: artifact.hash,
        ...(artifact.extras
          ? { extras: sql`${attempts.extras} || ${JSON.stringify(artifact.extras)}::jsonb` }
          : {}),
      })
      .where(eq(attempts.id, attemptId)),
  );
}

export async function setAttemptVerdict(
  db: Db,
  attemptId: number,
  verdict: {
    verdict: Exclude<AttemptVerdict, "pending">;
    score: number | null;
    blame: string | null;
    failures: RecordedFailure[];
  },
  lease?: ShotLease,
): Promise<void> {
  await fenced(db, lease, (tx) => tx.update(attempts).set(verdict).where(eq(attempts.id, attemptId)));
}

export async function insertValidation(
  db: Db,
  validation: {
    attemptId: number;
    tier: "local" | "judge";
    subject: string;
    scores: unknown;
    passed: boolean;
  },
  lease?: ShotLease,
): Promise<void> {
  await fenced(db, lease, (tx) => tx.insert(validations).values(validation));
}

export async function listAttempts(db: Db, runId: string): Promise<AttemptRow[]> {
  const rows = await db
    .select()
    .from(attempts)
    .where(eq(attempts.runId, runId))
    .orderBy(attempts.shotId, attempts.stage, attempts.number);
  return rows.map(decodeAttempt);
}

export async function listValidations(db: Db, attemptIds: number[]) {
  if (attemptIds.length === 0) return [];
  return db
    .select()
    .from(validations)
    .where(sql`${validations.attemptId} in ${attemptIds}`)
    .orderBy(validations.id);
}
