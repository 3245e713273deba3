import { and, eq } from "drizzle-orm";
import { AppError } from "../../src/core/app-error.ts";
import type { Db } from "../create-db.ts";
import { runShots } from "../schema.ts";

/** The lease a shot's work is done under: every write that belongs to that work carries it. */
export interface ShotLease {
  runId: string;
  shotId: string;
  owner: string;
}

export function leaseLost(lease: ShotLease): AppError {
  return new AppError(
    "LEASE_LOST",
    `worker ${lease.owner} no longer holds shot ${lease.shotId} of run ${lease.runId}: another worker took it over, so this one stops without writing or paying for anything more`,
    { ...lease },
  );
}

/**
 * Throws LEASE_LOST unless `lease.owner` still holds the shot. Inside a transaction the row is
 * locked FOR SHARE, so no other worker can take the lease over until the write commits: the check
 * and the write are one fenced step.
 */
export async function assertLeaseHeld(db: Db, lease: ShotLease | undefined): Promise<void> {
  if (!lease) return;
  const rows = await db
    .select({ shotId: runShots.shotId })
    .from(runShots)
    .where(
      and(
        eq(runShots.runId, lease.runId),
        eq(runShots.shotId, lease.shotId),
        eq(runShots.leaseOwner, lease.owner),
      ),
    )
    .for("share");
  if (rows.length === 0) throw leaseLost(lease);
}

/** Runs `write` in one transaction with the lease check; without a lease (work that is not a shot's), just runs it. */
export async function fenced<T>(
  db: Db,
  lease: ShotLease | undefined,
  write: (tx: Db) => Promise<T>,
): Promise<T> {
  if (!lease) return write(db);
  return db.transaction(async (tx) => {
    await assertLeaseHeld(tx, lease);
    return write(tx);
  });
}
