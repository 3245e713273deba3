import { findRunShot, listRunShots, type RunShotRow, saveShotState } from "../../../db/queries/run-shots.ts";
import { findRun, type RunRow } from "../../../db/queries/runs.ts";
import { findSceneGate, saveSceneGateState } from "../../../db/queries/scene-gates.ts";
import { AppError } from "../../core/app-error.ts";
import { failureAfterRetries } from "../../core/failure-outcome.ts";
import { applySceneEvent, SCENE_TERMINAL, type SceneState } from "../../core/scene-machine.ts";
import { applyShotEvent, type ShotState, TERMINAL } from "../../core/shot-machine.ts";
import type { JobQueue, JobTry, ShotJob } from "../../ports/job-queue.ts";
import type { EngineDeps } from "../engine/engine-deps.ts";
import { newLeaseOwner } from "../engine/lease-owner.ts";
import { machineSettings } from "../engine/run-settings.ts";
import { runShot } from "../engine/run-shot.ts";
import { runSceneGate, SCENE_SHOT_ID } from "../engine/scene-stage.ts";
import { FINAL_RUN_STATUSES, settleRun } from "./settle-run.ts";

/**
 * Handles one job: a shot, or a run's scene gate. When another worker holds the lease, the job is
 * sent again for after the lease would run out. A job that fails on its last try fails its shot
 * (or the scene gate) visibly, with the error, and the run settles: nothing is left "running"
 * with no job to carry it.
 */
export async function processShotJob(
  deps: EngineDeps,
  queue: JobQueue,
  job: ShotJob,
  attempt: JobTry = { lastTry: false, tries: 1 },
): Promise<void> {
  // This delivery's own claim: a live lease under any other owner is another job at work.
  const owner = newLeaseOwner(deps.workerId);
  try {
    const worked =
      job.shotId === SCENE_SHOT_ID
        ? await runSceneGate(deps, job.runId, owner)
        : await runShot(deps, job.runId, job.shotId, owner);
    if (!worked) {
      if (await stillOpen(deps, job)) await queue.enqueueShots(job.runId, [job.shotId], deps.leaseSeconds);
      return;
    }
    await settleRun(deps, job.runId);
  } catch (error) {
    if (!attempt.lastTry) throw error;
    await failForGood(deps, job, owner, failureAfterRetries(error, attempt.tries));
    await settleRun(deps, job.runId);
  }
  // Whoever waits on the run looks now instead of at its next poll.
  await queue.runMoved(job.runId);
}

async function stillOpen(deps: EngineDeps, job: ShotJob): Promise<boolean> {
  if (job.shotId === SCENE_SHOT_ID) {
    const gate = await findSceneGate(deps.db, job.runId);
    return gate !== undefined && !SCENE_TERMINAL.includes(gate.status as SceneState["status"]);
  }
  const row = await findRunShot(deps.db, job.runId, job.shotId);
  return row !== undefined && !TERMINAL.includes(row.state.status);
}

/**
 * The job's tries are spent: its shot fails with the error (blame provider: the work could not be
 * carried out, not judged), or, when its shot is at rest, the scene gate it was settling does.
 */
async function failForGood(deps: EngineDeps, job: ShotJob, owner: string, message: string): Promise<void> {
  const run = await findRun(deps.db, job.runId);
  if (!run) return;
  const row = job.shotId === SCENE_SHOT_ID ? undefined : await findRunShot(deps.db, job.runId, job.shotId);
  const state = row?.state;
  // A live claim holding the shot is at work on it: its outcome is that claim's to record.
  const heldElsewhere =
    row?.leaseOwner != null &&
    row.leaseOwner !== owner &&
    row.leaseUntil !== null &&
    row.leaseUntil > deps.clock.now();
  if (heldElsewhere) return;
  if (row && state && !TERMINAL.includes(state.status)) {
    const machine = machineSettings(run.settings);
    const failed = applyShotEvent(state, { type: "failed", blame: "provider", message }, machine);
    await saveShotState(deps.db, job.runId, job.shotId, null, failed);
    deps.onEvent({ type: "shot", runId: job.runId, shotId: job.shotId, status: "failed", message });
    return;
  }
  const gate = await findSceneGate(deps.db, job.runId);
  const gateState = gate?.state;
  if (gateState && !SCENE_TERMINAL.includes(gateState.status)) {
    const failed = applySceneEvent(gateState, { type: "failed", blame: "provider", message });
    await saveSceneGateState(deps.db, job.runId, null, failed);
    deps.onEvent({ type: "shot", runId: job.runId, shotId: SCENE_SHOT_ID, status: "failed", message });
  }
}

/** What moves when a run makes progress: statuses, saved states and renewed leases. */
async function progressMark(deps: EngineDeps, run: RunRow, shots: RunShotRow[]): Promise<string> {
  const gate = await findSceneGate(deps.db, run.id);
  return JSON.stringify([
    run.status,
    run.updatedAt,
    shots.map((shot) => [shot.status, shot.updatedAt, shot.leaseUntil]),
    gate ? [gate.status, gate.updatedAt, gate.leaseUntil] : null,
  ]);
}

/** The least time between two looks at a run: what its end may be noticed late by. */
const LOOK_GAP_MS = 20;

/**
 * Waits until a run needs nothing more from a worker: its status is final and every shot has
 * come to rest (after a halt, queued shots still pass through a worker to be marked halted).
 * It looks again whenever the queue says the run moved, and every `intervalMs` at the latest (the
 * fallback for a mover whose word did not arrive). Bounded: a run on which nothing at all moves
 * (no state saved, no lease renewed) for `stallSeconds` is given up on with RUN_STALLED; it stays
 * recorded for `resume`.
 */
export async function waitForRun(
  deps: EngineDeps,
  queue: Pick<JobQueue, "watchRun">,
  runId: string,
  options: { intervalMs?: number; stallSeconds?: number } = {},
): Promise<RunRow> {
  const intervalMs = options.intervalMs ?? 2000;
  const stallMs = (options.stallSeconds ?? Math.max(10 * deps.leaseSeconds, 120)) * 1000;
  let mark = "";
  let since = deps.clock.now().getTime();
  const watch = queue.watchRun(runId);
  try {
    for (;;) {
      const run = await findRun(deps.db, runId);
      if (!run) throw new AppError("UNKNOWN_RUN", `run ${runId} is no longer in the database`);
      const shots = await listRunShots(deps.db, runId);
      if (FINAL_RUN_STATUSES.includes(run.status)) {
        if (shots.every((shot) => TERMINAL.includes(shot.status as ShotState["status"]))) return run;
      }
      const now = deps.clock.now().getTime();
      const current = await progressMark(deps, run, shots);
      if (current !== mark) {
        mark = current;
        since = now;
      } else if (now - since > stallMs) {
        const open = shots
          .filter((shot) => !TERMINAL.includes(shot.status as ShotState["status"]))
          .map(
            (shot) =>
              `${shot.shotId} ${shot.status}${shot.leaseOwner ? ` (held by ${shot.leaseOwner})` : ""}`,
          );
        throw new AppError(
          "RUN_STALLED",
          `run ${runId} (${run.status}) has not moved for ${Math.round(stallMs / 1000)} s${open.length ? `: ${open.join(", ")}` : ""}; nothing was lost, carry it on with continuity resume ${runId}`,
          { runId },
        );
      }
      await watch.next(intervalMs);
      // Many shots coming to rest together are one look, not one each: a look reads every shot.
      await deps.clock.sleep(LOOK_GAP_MS);
    }
  } finally {
    watch.close();
  }
}
