import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { type SceneState, sceneStateSchema } from "../../src/core/scene-machine.ts";
import type { Db } from "../create-db.ts";
import { sceneGates } from "../schema.ts";
import { decodeColumn } from "./decode-column.ts";

export type SceneGateRow = typeof sceneGates.$inferSelect;

function decodeSceneGate(row: SceneGateRow): SceneGateRow {
  const at = { table: "scene_gates", id: row.runId, column: "state" };
  return { ...row, state: decodeColumn(sceneStateSchema, row.state, at) };
}

/** Creates the run's gate once; a second worker settling the same run finds it there. */
export async function ensureSceneGate(db: Db, runId: string, state: SceneState): Promise<void> {
  await db.insert(sceneGates).values({ runId, state, status: state.status }).onConflictDoNothing();
}

export async function findSceneGate(db: Db, runId: string): Promise<SceneGateRow | undefined> {
  const [row] = await db.select().from(sceneGates).where(eq(sceneGates.runId, runId));
  return row && decodeSceneGate(row);
}

/** Takes the gate's lease when it is free or expired (database time, as for shots). */
export async function claimSceneGateLease(
  db: Db,
  runId: string,
  owner: string,
  seconds: number,
): Promise<boolean> {
  const rows = await db
    .update(sceneGates)
    .set({ leaseOwner: owner, leaseUntil: sql`now() + make_interval(secs => ${seconds})` })
    .where(
      and(
        eq(sceneGates.runId, runId),
        or(isNull(sceneGates.leaseOwner), lt(sceneGates.leaseUntil, sql`now()`)),
      ),
    )
    .returning({ runId: sceneGates.runId });
  return rows.length === 1;
}

/** Extends the lease only while it is still ours: a late heartbeat must never take the gate back. */
export async function renewSceneGateLease(
  db: Db,
  runId: string,
  owner: string,
  seconds: number,
): Promise<void> {
  await db
    .update(sceneGates)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${seconds})` })
    .where(and(eq(sceneGates.runId, runId), eq(sceneGates.leaseOwner, owner)));
}

export async function releaseSceneGateLease(db: Db, runId: string, owner: string): Promise<void> {
  await db
    .update(sceneGates)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(sceneGates.runId, runId), eq(sceneGates.leaseOwner, owner)));
}

/** Saves the gate's state only while the lease is ours (null: a human's decision, no lease needed). */
export async function saveSceneGateState(
  db: Db,
  runId: string,
  owner: string | null,
  state: SceneState,
): Promise<boolean> {
  const rows = await db
    .update(sceneGates)
    .set({ state, status: state.status, updatedAt: sql`now()` })
    .where(and(eq(sceneGates.runId, runId), owner === null ? sql`true` : eq(sceneGates.leaseOwner, owner)))
    .returning({ runId: sceneGates.runId });
  return rows.length === 1;
}

/** Gates a worker was at when it died: still stitching, their lease run out. */
export async function expiredSceneGates(db: Db): Promise<SceneGateRow[]> {
  const rows = await db
    .select()
    .from(sceneGates)
    .where(
      and(
        inArray(sceneGates.status, ["pending", "stitching"]),
        isNotNull(sceneGates.leaseOwner),
        lt(sceneGates.leaseUntil, sql`now()`),
      ),
    );
  return rows.map(decodeSceneGate);
}
