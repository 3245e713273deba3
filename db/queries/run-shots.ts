import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { type ShotState, shotStateSchema } from "../../src/core/shot-machine.ts";
import type { Db } from "../create-db.ts";
import { runShots } from "../schema.ts";
import { decodeColumn } from "./decode-column.ts";

export type RunShotRow = typeof runShots.$inferSelect;

function decodeRunShot(row: RunShotRow): RunShotRow {
  const id = `${row.runId}/${row.shotId}`;
  return {
    ...row,
    state: decodeColumn(shotStateSchema, row.state, { table: "run_shots", id, column: "state" }),
  };
}

export async function insertRunShots(
  db: Db,
  rows: { runId: string; shotId: string; order: number; state: ShotState }[],
) {
  if (rows.length === 0) return;
  await db.insert(runShots).values(rows.map((row) => ({ ...row, status: row.state.status })));
}

export async function listRunShots(db: Db, runId: string): Promise<RunShotRow[]> {
  const rows = await db.select().from(runShots).where(eq(runShots.runId, runId)).orderBy(runShots.order);
  return rows.map(decodeRunShot);
}

export async function findRunShot(db: Db, runId: string, shotId: string): Promise<RunShotRow | undefined> {
  const [row] = await db
    .select()
    .from(runShots)
    .where(and(eq(runShots.runId, runId), eq(runShots.shotId, shotId)));
  return row && decodeRunShot(row);
}

/**
 * Takes the shot's lease when it is free or expired. Time is the database's, so
 * workers on several machines agree on when a lease has run out.
 */
export async function claimShotLease(
  db: Db,
  runId: string,
  shotId: string,
  owner: string,
  seconds: number,
): Promise<boolean> {
  const rows = await db
    .update(runShots)
    .set({ leaseOwner: owner, leaseUntil: sql`now() + make_interval(secs => ${seconds})` })
    .where(
      and(
        eq(runShots.runId, runId),
        eq(runShots.shotId, shotId),
        or(isNull(runShots.leaseOwner), lt(runShots.leaseUntil, sql`now()`)),
      ),
    )
    .returning({ shotId: runShots.shotId });
  return rows.length === 1;
}

/**
 * Extends a lease only while it is still ours. A heartbeat must never take a lease: a worker
 * that was paused past its lease and resumed would otherwise take the shot back from under the
 * worker that finished it, and its fenced writes would pass again.
 */
export async function renewShotLease(
  db: Db,
  runId: string,
  shotId: string,
  owner: string,
  seconds: number,
): Promise<boolean> {
  const rows = await db
    .update(runShots)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${seconds})` })
    .where(and(eq(runShots.runId, runId), eq(runShots.shotId, shotId), eq(runShots.leaseOwner, owner)))
    .returning({ shotId: runShots.shotId });
  return rows.length === 1;
}

export async function releaseShotLease(db: Db, runId: string, shotId: string, owner: string): Promise<void> {
  await db
    .update(runShots)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(runShots.runId, runId), eq(runShots.shotId, shotId), eq(runShots.leaseOwner, owner)));
}

/**
 * Saves the shot's state only while the lease is still ours (fencing): a worker that stalled past
 * its lease cannot overwrite the work of the one that took over.
 */
export async function saveShotState(
  db: Db,
  runId: string,
  shotId: string,
  owner: string | null,
  state: ShotState,
): Promise<boolean> {
  const rows = await db
    .update(runShots)
    .set({ state, status: state.status, updatedAt: sql`now()` })
    .where(
      and(
        eq(runShots.runId, runId),
        eq(runShots.shotId, shotId),
        owner === null ? sql`true` : eq(runShots.leaseOwner, owner),
      ),
    )
    .returning({ shotId: runShots.shotId });
  return rows.length === 1;
}
