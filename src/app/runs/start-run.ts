import { randomBytes } from "node:crypto";
import type { Db } from "../../../db/create-db.ts";
import { createRunBudget } from "../../../db/queries/budget.ts";
import { supersedeEscalations } from "../../../db/queries/escalations.ts";
import { insertRunShots } from "../../../db/queries/run-shots.ts";
import { insertRun, type RunRow } from "../../../db/queries/runs.ts";
import { initialShotState } from "../../core/shot-machine.ts";
import type { RunSettings } from "../engine/run-settings.ts";
import type { RunPlan } from "./plan-run.ts";

export function newRunId(): string {
  return `r${randomBytes(4).toString("hex")}`;
}

/**
 * Records a run and its shots in one transaction, with its own budget row holding the plan's cap; the run remembers the
 * bible version and the settings it validates with. Older runs' open escalations for the same
 * shots are superseded: a decision on them would no longer mean anything.
 */
export async function startRun(
  db: Db,
  plan: RunPlan,
  input: { settings: Omit<RunSettings, "wholeScene" | "lockedHashes">; requestedBy: string },
): Promise<RunRow> {
  const id = newRunId();
  const settings: RunSettings = {
    ...input.settings,
    wholeScene: plan.scope.wholeScene,
    lockedHashes: plan.bible.lockedHashes ?? {},
  };
  const run = {
    id,
    bibleUri: plan.bible.uri,
    bibleVersion: plan.bible.lock.lockedVersion ?? plan.bible.lock.version,
    scope: plan.scope.text,
    sceneId: plan.scope.sceneId,
    status: "running" as const,
    frames: settings.frames,
    estimateExpectedMicros: plan.estimate.expected,
    estimateWorstMicros: plan.estimate.worst,
    requestedBy: input.requestedBy,
    settings,
  };
  await db.transaction(async (tx) => {
    await insertRun(tx, run);
    await createRunBudget(tx, id, plan.cap);
    await insertRunShots(
      tx,
      plan.scope.shots.map((shot) => ({
        runId: id,
        shotId: shot.id,
        order: shot.order,
        state: initialShotState(),
      })),
    );
    await supersedeEscalations(
      tx,
      plan.scope.shots.map((shot) => shot.id),
      { exceptRunId: id },
    );
  });
  const row: RunRow = {
    ...run,
    capMicros: plan.cap,
    haltReason: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  return row;
}
