import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../create-db.ts";
import { providerOperations } from "../schema.ts";

export type OperationRow = typeof providerOperations.$inferSelect;

/** Written before the provider is called: if the answer is lost, this row says a submission may exist. */
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
): Promise<OperationRow> {
  const [row] = await db
    .insert(providerOperations)
    .values({ ...operation, status: "submitting" })
    .returning();
  if (!row) throw new Error("operation insert returned nothing");
  return row;
}

export async function findOperationForAttempt(db: Db, attemptId: number): Promise<OperationRow | undefined> {
  const [row] = await db.select().from(providerOperations).where(eq(providerOperations.attemptId, attemptId));
  return row;
}

export async function updateOperation(
  db: Db,
  id: number,
  change: { status: string; operationId?: string; detail?: string | null },
): Promise<void> {
  await db
    .update(providerOperations)
    .set({ ...change, updatedAt: sql`now()` })
    .where(eq(providerOperations.id, id));
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
