import { findRunShot, listRunShots } from "../../../db/queries/run-shots.ts";
import { findRun, type RunRow } from "../../../db/queries/runs.ts";
import { type ShotState, TERMINAL } from "../../core/shot-machine.ts";
import type { EngineDeps } from "../engine/engine-deps.ts";
import { runShot } from "../engine/run-shot.ts";
import type { JobQueue, ShotJob } from "./job-queue.ts";
import { FINAL_RUN_STATUSES, settleRun } from "./settle-run.ts";

/**
 * Handles one shot job. When another worker holds the shot's lease, the job is sent again for
 * after the lease would run out, so a shot held by a worker that died is taken up by another.
 */
export async function processShotJob(deps: EngineDeps, queue: JobQueue, job: ShotJob): Promise<void> {
  const worked = await runShot(deps, job.runId, job.shotId);
  if (!worked) {
    const row = await findRunShot(deps.db, job.runId, job.shotId);
    if (row && !TERMINAL.includes((row.state as unknown as ShotState).status)) {
      await queue.enqueueShots(job.runId, [job.shotId], deps.leaseSeconds);
    }
    return;
  }
  await settleRun(deps, job.runId);
}

/**
 * Waits until a run needs nothing more from a worker: its status is final and every shot has
 * come to rest (after a halt, queued shots still pass through a worker to be marked halted).
 */
export async function waitForRun(deps: EngineDeps, runId: string, intervalMs = 250): Promise<RunRow> {
  for (;;) {
    const run = await findRun(deps.db, runId);
    if (!run) throw new Error(`run ${runId} vanished`);
    if (FINAL_RUN_STATUSES.includes(run.status)) {
      const shots = await listRunShots(deps.db, runId);
      if (shots.every((shot) => TERMINAL.includes(shot.status as ShotState["status"]))) return run;
    }
    await deps.clock.sleep(intervalMs);
  }
}
