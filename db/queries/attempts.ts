import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../create-db.ts";
import { attempts, validations } from "../schema.ts";
import { fenced, type ShotLease } from "./lease-fence.ts";

export type AttemptRow = typeof attempts.$inferSelect;

/** Creates the attempt row, or returns the one a crashed predecessor already created for the same number. */
export async function upsertAttempt(
  db: Db,
  attempt: { runId: string; shotId: string; stage: string; number: number; source: string },
  lease?: ShotLease,
): Promise<AttemptRow> {
  const [inserted] = await fenced(db, lease, (tx) =>
    tx.insert(attempts).values(attempt).onConflictDoNothing().returning(),
  );
  if (inserted) return inserted;
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
  return existing;
}

export async function findAttempt(db: Db, attemptId: number): Promise<AttemptRow | undefined> {
  const [row] = await db.select().from(attempts).where(eq(attempts.id, attemptId));
  return row;
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
    verdict: "passed" | "failed" | "error";
    score: number | null;
    blame: string | null;
    failures: unknown[];
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
  return db
    .select()
    .from(attempts)
    .where(eq(attempts.runId, runId))
    .orderBy(attempts.shotId, attempts.stage, attempts.number);
}

export async function listValidations(db: Db, attemptIds: number[]) {
  if (attemptIds.length === 0) return [];
  return db
    .select()
    .from(validations)
    .where(sql`${validations.attemptId} in ${attemptIds}`)
    .orderBy(validations.id);
}
