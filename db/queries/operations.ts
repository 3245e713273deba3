import { and, count, desc, eq, sql } from "drizzle-orm";
import type { OperationStatus } from "../../src/core/record-statuses.ts";
import type { Db } from "../create-db.ts";
import { providerOperations } from "../schema.ts";
import { fenced, type ShotLease } from "./lease-fence.ts";

export type OperationRow = typeof providerOperations.$inferSelect;

/**
 * Written before the provider is called, in the same transaction as its reservation: if the
 * answer is lost, this row says a submission may exist, and no reservation is ever left without it.
 */
export async function insertOperation(
  db: Db,
  operation: {
    ledgerId: number;
    runId: string;
    shotId: string;
    attemptId: number;
    provider: string;
    model: string;
    clientRequestId: string;
  },
  lease?: ShotLease,
): Promise<OperationRow> {
  return fenced(db, lease, async (tx) => {
    const [row] = await tx
      .insert(providerOperations)
      .values({ ...operation, status: "submitting" })
      .returning();
    if (!row) throw new Error("operation insert returned nothing");
    return row;
  });
}

/** The attempt's latest submission: the one whose outcome decides what happens next. */
export async function findLatestOperation(db: Db, attemptId: number): Promise<OperationRow | undefined> {
  const [row] = await db
    .select()
    .from(providerOperations)
    .where(eq(providerOperations.attemptId, attemptId))
    .orderBy(desc(providerOperations.id))
    .limit(1);
  return row;
}

/** How many submissions an attempt has recorded: numbers the next one's client request id. */
export async function countOperations(db: Db, attemptId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(providerOperations)
    .where(eq(providerOperations.attemptId, attemptId));
  return Number(row?.n ?? 0);
}

export async function updateOperation(
  db: Db,
  id: number,
  change: { status: OperationStatus; operationId?: string; detail?: string | null },
  lease?: ShotLease,
): Promise<void> {
  await fenced(db, lease, (tx) =>
    tx
      .update(providerOperations)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(providerOperations.id, id)),
  );
}

export async function countSubmissions(
  db: Db,
  runId: string,
): Promise<{ clientRequestId: string; operationId: string | null }[]> {
  return db
    .select({
      clientRequestId: providerOperations.clientRequestId,
      operationId: providerOperations.operationId,
    })
    .from(providerOperations)
    .where(and(eq(providerOperations.runId, runId)));
}
