import { findAttempt } from "../../../db/queries/attempts.ts";
import { leaseLost } from "../../../db/queries/lease-fence.ts";
import {
  claimShotLease,
  findRunShot,
  releaseShotLease,
  renewShotLease,
  saveShotState,
} from "../../../db/queries/run-shots.ts";
import { findRun, haltRun, type RunRow } from "../../../db/queries/runs.ts";
import { AppError, isAppError } from "../../core/app-error.ts";
import { failureOutcome } from "../../core/failure-outcome.ts";
import {
  applyShotEvent,
  type MachineSettings,
  nextStep,
  type ShotEvent,
  type ShotState,
} from "../../core/shot-machine.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { escalateShot } from "./escalate.ts";
import { newLeaseOwner } from "./lease-owner.ts";
import { runPanelAttempt } from "./panel-stage.ts";
import { checkLockedManifest } from "./run-manifest.ts";
import { machineSettings, plannedShot } from "./run-settings.ts";
import { checkShotReferences, type ShotContext } from "./shot-context.ts";
import { runVideoAttempt } from "./video-stage.ts";

/**
 * Drives one shot through its gates until it is accepted, escalated, failed, halted or stopped,
 * saving its state after every event. Only the claim holding the shot's lease works on it.
 * Returns false when another worker, or another job of this one, holds it.
 */
export async function runShot(
  deps: EngineDeps,
  runId: string,
  shotId: string,
  owner = newLeaseOwner(deps.workerId),
): Promise<boolean> {
  if (!(await claimShotLease(deps.db, runId, shotId, owner, deps.leaseSeconds))) return false;
  const heartbeat = setInterval(
    () => {
      renewShotLease(deps.db, runId, shotId, owner, deps.leaseSeconds).catch(() => {});
    },
    (deps.leaseSeconds * 1000) / 3,
  );
  heartbeat.unref();
  try {
    await driveShot(deps, runId, shotId, owner);
  } catch (error) {
    // Lost the lease: another worker owns the shot now, so this one stops writing (fenced writes say LEASE_LOST).
    if (!isAppError(error, "LEASE_LOST")) throw error;
  } finally {
    clearInterval(heartbeat);
    await releaseShotLease(deps.db, runId, shotId, owner).catch(() => {});
  }
  return true;
}

async function driveShot(deps: EngineDeps, runId: string, shotId: string, owner: string): Promise<void> {
  const run = await findRun(deps.db, runId);
  const row = await findRunShot(deps.db, runId, shotId);
  if (!run || !row) throw new AppError("UNKNOWN_RUN", `no shot ${shotId} in run ${runId}`);
  const settings = run.settings;
  let state = row.state;
  let machine: MachineSettings = machineSettings(settings);
  const lease = { runId, shotId, owner };

  const save = async (event: ShotEvent) => {
    state = applyShotEvent(state, event, machine);
    if (!(await saveShotState(deps.db, runId, shotId, owner, state))) throw leaseLost(lease);
    if (event.type !== "judged" && event.type !== "attempt-started" && event.type !== "references-passed") {
      deps.onEvent({
        type: "shot",
        runId,
        shotId,
        status: state.status,
        ...(state.message ? { message: state.message } : {}),
      });
    }
  };

  if (state.status === "accepted" || state.status === "escalated" || state.status === "failed") return;
  await save({ type: "started" });

  // The references gate: a refusal fails the shot with blame on the bible; nothing paid has started.
  const manifest = await checkLockedManifest(deps.bible, settings, run.sceneId);
  if (!manifest.ok) return save({ type: "references-failed", message: manifest.reason });
  const listed = manifest.value.shots.find((candidate) => candidate.id === shotId);
  if (!listed)
    throw new AppError("UNKNOWN_SHOT", `shot ${shotId} is no longer in the manifest of ${run.sceneId}`);
  const shot = plannedShot(listed, settings);
  machine = machineSettings(settings, shot);
  const refs = await checkShotReferences(deps, settings, shot);
  if (!refs.ok) return save({ type: "references-failed", message: refs.reason });
  const ctx: ShotContext = { runId, sceneId: run.sceneId, shot, settings, refs: refs.value, lease };
  if (state.stage === "references") await save({ type: "references-passed" });

  for (;;) {
    const step = nextStep(state, machine);
    // The references gate ran above on every pickup; "check-references" cannot come after it.
    if (step.kind === "finished" || step.kind === "check-references") return;
    const interruption = await interruptionOf(deps, runId);
    if (interruption) {
      await save(interruption);
      return;
    }
    try {
      if (step.kind === "escalate") {
        const reason =
          step.reason === "retry-cap"
            ? `retry cap reached (${settings.maxAttempts} attempts at ${step.stage})`
            : `no progress over the last ${settings.noProgressWindow} attempts at ${step.stage}`;
        await save(
          await escalateShot(deps, {
            runId,
            shotId,
            stage: step.stage,
            state,
            thresholds: settings.thresholds,
            reason,
            requestedBy: run.requestedBy,
          }),
        );
        continue;
      }
      if (!step.resumed) await save({ type: "attempt-started", stage: step.stage, existing: step.existing });
      const record =
        step.stage === "video"
          ? await runVideoAttempt(deps, ctx, step.number, state, await acceptedPanels(deps, state))
          : await runPanelAttempt(
              deps,
              ctx,
              { stage: step.stage, number: step.number, existing: step.existing, state },
              (await acceptedPanels(deps, state)).start,
            );
      await save({ type: "judged", stage: step.stage, record });
    } catch (error) {
      if (isAppError(error, "LEASE_LOST")) throw error;
      const event = await eventForFailure(deps, run, shotId, error, step.stage, state);
      if (!event) throw error;
      await save(event);
    }
  }
}

async function interruptionOf(deps: EngineDeps, runId: string): Promise<ShotEvent | undefined> {
  const why = await deps.killSwitch.reason();
  if (why) return { type: "stopped", message: `kill switch: ${why}` };
  const run = await findRun(deps.db, runId);
  if (run?.status === "halted") return { type: "halted", message: run.haltReason ?? "the run was halted" };
  if (run?.status === "stopped") return { type: "stopped", message: "the run was stopped" };
  return undefined;
}

/** Expected failures become events (halt, stop, escalation, failure); anything else is rethrown. */
async function eventForFailure(
  deps: EngineDeps,
  run: RunRow,
  shotId: string,
  error: unknown,
  stage: "panel" | "end-panel" | "video",
  state: ShotState,
): Promise<ShotEvent | undefined> {
  const outcome = failureOutcome(error);
  switch (outcome?.kind) {
    case undefined:
      return undefined;
    case "halt":
      await haltRun(deps.db, run.id, outcome.message);
      deps.onEvent({ type: "run", runId: run.id, status: "halted", message: outcome.message });
      return { type: "halted", message: outcome.message };
    case "stop":
      return { type: "stopped", message: outcome.message };
    case "fail":
      return { type: "failed", blame: outcome.blame, message: outcome.message };
    case "escalate":
      return escalateShot(deps, {
        runId: run.id,
        shotId,
        stage,
        state,
        thresholds: run.settings.thresholds,
        reason: outcome.reason,
        blame: outcome.blame,
        requestedBy: run.requestedBy,
      });
  }
}

/** Artifact keys of the accepted start and end panels: the only panels a video may be made from. */
async function acceptedPanels(
  deps: EngineDeps,
  state: ShotState,
): Promise<{ start: string | null; end: string | null }> {
  const keyOf = async (attemptId: number | undefined) =>
    attemptId === undefined ? null : ((await findAttempt(deps.db, attemptId))?.artifactKey ?? null);
  return {
    start: await keyOf(state.stages.panel.accepted),
    end: await keyOf(state.stages["end-panel"].accepted),
  };
}
