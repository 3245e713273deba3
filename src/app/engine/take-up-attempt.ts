import { type AttemptRow, upsertAttempt } from "../../../db/queries/attempts.ts";
import { closeAbandonedReservations } from "../../../db/queries/budget.ts";
import type { ShotLease } from "../../../db/queries/lease-fence.ts";
import type { EngineDeps } from "./engine-deps.ts";

/**
 * Starts an attempt, or takes up the one a dead worker left under the same number; either way
 * any paid call that worker left open is closed first, so the ledger always balances.
 */
export async function takeUpAttempt(
  deps: EngineDeps,
  attempt: { runId: string; shotId: string; stage: string; number: number; source: string },
  lease?: ShotLease,
): Promise<AttemptRow> {
  const row = await upsertAttempt(deps.db, attempt, lease);
  await closeAbandonedReservations(deps.db, row.id, lease);
  return row;
}
