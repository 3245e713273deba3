import { and, desc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { RunStatus } from "../../src/core/record-statuses.ts";
import { runSettingsSchema } from "../../src/core/run-settings.ts";
import type { Db } from "../create-db.ts";
import { budgets, runs } from "../schema.ts";
import { decodeColumn } from "./decode-column.ts";

/** A run as read: its row, with the cap its budget row holds (the one the governor enforces). */
export type RunRow = typeof runs.$inferSelect & { capMicros: number };
export type NewRun = typeof runs.$inferInsert;

function decodeRun(row: RunRow): RunRow {
  return {
    ...row,
    settings: decodeColumn(runSettingsSchema, row.settings, {
      table: "runs",
      id: row.id,
      column: "settings",
    }),
  };
}

/** Every run has its budget row from the transaction that started it (see startRun). */
const selectRuns = (db: Db) =>
  db
    .select({ ...getTableColumns(runs), capMicros: budgets.capMicros })
    .from(runs)
    .innerJoin(budgets, eq(budgets.scope, sql`'run:' || ${runs.id}`));

export async function insertRun(db: Db, run: NewRun): Promise<void> {
  await db.insert(runs).values(run);
}

export async function findRun(db: Db, runId: string): Promise<RunRow | undefined> {
  const [row] = await selectRuns(db).where(eq(runs.id, runId));
  return row && decodeRun(row);
}

/** The newest run, or the newest against one bible. */
export async function latestRun(
  db: Db,
  filter: { bibleUri?: string | undefined } = {},
): Promise<RunRow | undefined> {
  const [row] = await selectRuns(db)
    .where(filter.bibleUri ? eq(runs.bibleUri, filter.bibleUri) : undefined)
    .orderBy(desc(runs.createdAt))
    .limit(1);
  return row && decodeRun(row);
}

export async function runsWithStatus(db: Db, statuses: readonly RunStatus[]): Promise<RunRow[]> {
  const rows = await selectRuns(db).where(inArray(runs.status, statuses)).orderBy(runs.createdAt);
  return rows.map(decodeRun);
}

export async function setRunStatus(
  db: Db,
  runId: string,
  status: RunStatus,
  haltReason?: string | null,
): Promise<void> {
  await db
    .update(runs)
    .set({ status, ...(haltReason !== undefined ? { haltReason } : {}), updatedAt: sql`now()` })
    .where(eq(runs.id, runId));
}

/** Halts a run once: the first cap message wins and later ones do not overwrite it. */
export async function haltRun(db: Db, runId: string, reason: string): Promise<void> {
  await db
    .update(runs)
    .set({ status: "halted", haltReason: reason, updatedAt: sql`now()` })
    .where(and(eq(runs.id, runId), inArray(runs.status, ["pending", "running"])));
}
