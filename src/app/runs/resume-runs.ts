import { existsSync } from "node:fs";
import { writeStopFlag } from "../../../db/queries/control.ts";
import { listRunShots, saveShotState } from "../../../db/queries/run-shots.ts";
import { findRun, type RunRow, runsWithStatus, setRunStatus } from "../../../db/queries/runs.ts";
import { AppError } from "../../core/app-error.ts";
import type { RunStatus } from "../../core/record-statuses.ts";
import { applyShotEvent } from "../../core/shot-machine.ts";
import { machineSettings } from "../engine/run-settings.ts";
import type { Runtime } from "../runtime.ts";
import { settleRun } from "./settle-run.ts";

/** Runs a worker can carry on with: interrupted by a stop or by a crash (still "running"). */
const RESUMABLE: readonly RunStatus[] = ["running", "stopped", "stitching"];

/**
 * Lifts the database stop flag and puts interrupted runs back on the queue. Shots that were
 * mid-flight carry on from their saved state; a halted run stays halted (its cap is spent).
 */
export async function resumeRuns(
  runtime: Runtime,
  input: { runId?: string; by: string; stopFile: string },
): Promise<RunRow[]> {
  if (existsSync(input.stopFile)) {
    throw new AppError(
      "STOP_FILE_PRESENT",
      `the STOP file ${input.stopFile} is still there; remove it to resume`,
    );
  }
  const { db } = runtime.deps;
  await writeStopFlag(db, false, input.by);
  const candidates = input.runId ? [await findRun(db, input.runId)] : await runsWithStatus(db, RESUMABLE);
  const resumed: RunRow[] = [];
  for (const run of candidates) {
    if (!run) throw new AppError("UNKNOWN_RUN", `no run ${input.runId}`);
    if (!RESUMABLE.includes(run.status)) {
      if (input.runId)
        throw new AppError(
          "RUN_NOT_RESUMABLE",
          `run ${run.id} is ${run.status}; only running, stopped or interrupted runs can be resumed`,
        );
      continue;
    }
    const settings = run.settings;
    const machine = machineSettings(settings);
    const shots = await listRunShots(db, run.id);
    const pending: string[] = [];
    for (const shot of shots) {
      const state = shot.state;
      if (!["pending", "running", "stopped"].includes(state.status)) continue;
      await saveShotState(db, run.id, shot.shotId, null, applyShotEvent(state, { type: "resumed" }, machine));
      pending.push(shot.shotId);
    }
    await setRunStatus(db, run.id, "running");
    if (pending.length > 0) await runtime.queue.enqueueShots(run.id, pending);
    else await settleRun(runtime.deps, run.id);
    resumed.push(run);
  }
  return resumed;
}
