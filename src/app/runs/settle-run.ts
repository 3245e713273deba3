import { listRunShots } from "../../../db/queries/run-shots.ts";
import { findRun, setRunStatus } from "../../../db/queries/runs.ts";
import type { EngineDeps } from "../engine/engine-deps.ts";
import { runSceneGate } from "../engine/scene-stage.ts";

export const FINAL_RUN_STATUSES = ["done", "halted", "stopped", "escalated", "failed"];

/**
 * Called whenever a shot stops: once no shot is still in progress, the run's status follows from
 * its shots (or, when all are accepted and the run covers the whole scene, from its scene gate's).
 */
export async function settleRun(deps: EngineDeps, runId: string): Promise<void> {
  const run = await findRun(deps.db, runId);
  if (!run || run.status === "done") return;
  const shots = await listRunShots(deps.db, runId);
  if (shots.some((shot) => shot.status === "pending" || shot.status === "running")) return;
  const statuses = new Set(shots.map((shot) => shot.status));
  if (statuses.size === 1 && statuses.has("accepted")) {
    if (run.settings.wholeScene) {
      // "stitching" too: a gate whose worker died or failed is taken up again from its saved state.
      if (run.status === "running" || run.status === "stitching") await runSceneGate(deps, run.id);
      return;
    }
    await setRunStatus(deps.db, runId, "done");
    deps.onEvent({ type: "run", runId, status: "done" });
    return;
  }
  const status =
    statuses.has("halted") || run.status === "halted"
      ? "halted"
      : statuses.has("stopped")
        ? "stopped"
        : statuses.has("escalated")
          ? "escalated"
          : "failed";
  if (run.status !== status) {
    await setRunStatus(deps.db, runId, status);
    deps.onEvent({ type: "run", runId, status, ...(run.haltReason ? { message: run.haltReason } : {}) });
  }
}
