import { findAttempt, setAttemptArtifact, setAttemptVerdict } from "../../../db/queries/attempts.ts";
import { listRunShots } from "../../../db/queries/run-shots.ts";
import { findRun, type RunRow, setRunStatus } from "../../../db/queries/runs.ts";
import {
  claimSceneGateLease,
  ensureSceneGate,
  findSceneGate,
  releaseSceneGateLease,
  renewSceneGateLease,
  saveSceneGateState,
} from "../../../db/queries/scene-gates.ts";
import { sha256 } from "../../core/bible-lock.ts";
import { failureOutcome } from "../../core/failure-outcome.ts";
import {
  applySceneEvent,
  initialSceneState,
  runStatusOf,
  type SceneEvent,
  type SceneState,
} from "../../core/scene-machine.ts";
import { combineVerdicts, type Verdict } from "../../core/verdict.ts";
import { artifactKeys } from "./artifact-keys.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { escalateShot } from "./escalate.ts";
import { judgeImage, summarise } from "./judge-image.ts";
import { newLeaseOwner } from "./lease-owner.ts";
import { loadLockedManifest } from "./run-manifest.ts";
import { loadShotReferences } from "./shot-context.ts";
import { takeUpAttempt } from "./take-up-attempt.ts";

/** The shot id the scene's attempt, escalation, events and queue job go under. */
export const SCENE_SHOT_ID = "_scene";

/** Lost the gate's lease: another worker is at the gate now, so this one must stop writing. */
class SceneLeaseLost extends Error {}

/**
 * The last gate: when every shot of a scene is accepted, stitch the accepted clips in order and
 * judge continuity across each cut (the first frame after a cut against the last frame before it).
 * The gate has its own row and lease (scene_gates): one worker at a time, a dead worker's gate
 * taken over once the lease runs out. Returns false when another worker, or another job of this
 * one, holds it.
 */
export async function runSceneGate(
  deps: EngineDeps,
  runId: string,
  owner = newLeaseOwner(deps.workerId),
): Promise<boolean> {
  await ensureSceneGate(deps.db, runId, initialSceneState());
  if (!(await claimSceneGateLease(deps.db, runId, owner, deps.leaseSeconds))) return false;
  const heartbeat = setInterval(
    () => {
      renewSceneGateLease(deps.db, runId, owner, deps.leaseSeconds).catch(() => {});
    },
    (deps.leaseSeconds * 1000) / 3,
  );
  heartbeat.unref();
  try {
    await driveSceneGate(deps, runId, owner);
  } catch (error) {
    if (!(error instanceof SceneLeaseLost)) throw error;
  } finally {
    clearInterval(heartbeat);
    await releaseSceneGateLease(deps.db, runId, owner).catch(() => {});
  }
  return true;
}

async function driveSceneGate(deps: EngineDeps, runId: string, owner: string): Promise<void> {
  const run = await findRun(deps.db, runId);
  const row = await findSceneGate(deps.db, runId);
  if (!run || !row) return;
  let state = row.state;
  const save = async (event: SceneEvent) => {
    state = applySceneEvent(state, event);
    if (!(await saveSceneGateState(deps.db, runId, owner, state))) throw new SceneLeaseLost();
  };
  if (runStatusOf(state) === undefined || state.status === "stopped") {
    await setRunStatus(deps.db, runId, "stitching");
    deps.onEvent({ type: "run", runId, status: "stitching" });
    await save({ type: "started" });
    try {
      await save(await judgeScene(deps, run, save));
    } catch (error) {
      if (error instanceof SceneLeaseLost) throw error;
      const event = await eventForFailure(deps, run, error, state);
      // Not a verdict on the scene (a database error, a bug): the job is retried from the gate's saved state.
      if (!event) throw error;
      await save(event);
    }
  }
  await settleFromGate(deps, run, state);
}

/** The run's status follows from the gate's. */
async function settleFromGate(deps: EngineDeps, run: RunRow, state: SceneState): Promise<void> {
  const status = runStatusOf(state);
  if (!status) return;
  const message = status === "escalated" ? "scene continuity escalated" : state.message;
  await setRunStatus(deps.db, run.id, status, status === "halted" ? (state.message ?? null) : undefined);
  deps.onEvent({ type: "run", runId: run.id, status, ...(message && status !== "done" ? { message } : {}) });
}

/** Failures map to events exactly as for shots (see failure-outcome.ts). */
async function eventForFailure(
  deps: EngineDeps,
  run: RunRow,
  error: unknown,
  state: SceneState,
): Promise<SceneEvent | undefined> {
  const outcome = failureOutcome(error);
  switch (outcome?.kind) {
    case undefined:
      return undefined;
    case "halt":
      return { type: "halted", message: outcome.message };
    case "stop":
      return { type: "stopped", message: outcome.message };
    case "fail":
      return { type: "failed", blame: outcome.blame, message: outcome.message };
    case "escalate":
      return escalateShot(deps, {
        runId: run.id,
        shotId: SCENE_SHOT_ID,
        stage: "scene",
        thresholds: run.settings.thresholds,
        reason: outcome.reason,
        blame: outcome.blame,
        requestedBy: run.requestedBy,
        ...(state.attemptId !== undefined ? { attemptId: state.attemptId } : {}),
      });
  }
}

async function judgeScene(
  deps: EngineDeps,
  run: RunRow,
  save: (event: SceneEvent) => Promise<void>,
): Promise<SceneEvent> {
  const why = await deps.killSwitch.reason();
  if (why) return { type: "stopped", message: `kill switch: ${why}` };
  const settings = run.settings;
  const manifest = await loadLockedManifest(deps.bible, settings, run.sceneId);
  const rows = await listRunShots(deps.db, run.id);
  const clips = await Promise.all(
    rows.map(async (row) => {
      const state = row.state;
      const attempt = await findAttempt(deps.db, state.stages.video.accepted as number);
      if (!attempt?.artifactKey) throw new Error(`shot ${row.shotId} is accepted without a clip`);
      return { shotId: row.shotId, attempt };
    }),
  );
  deps.onEvent({ type: "stage", runId: run.id, shotId: SCENE_SHOT_ID, stage: "scene", attempt: 1 });
  // Read as the stitcher asks for each: a scene's clips are never all in memory at once.
  const stitched = await deps.media.stitch(
    (async function* () {
      for (const clip of clips) yield await deps.artifacts.read(clip.attempt.artifactKey as string);
    })(),
  );
  const sceneAttempt = await takeUpAttempt(deps, {
    runId: run.id,
    shotId: SCENE_SHOT_ID,
    stage: "scene",
    number: 1,
    source: "generated",
  });
  const key = artifactKeys.scene(run.id);
  await deps.artifacts.write(key, stitched, "video/mp4");
  await setAttemptArtifact(deps.db, sceneAttempt.id, { key, hash: sha256(stitched) });
  await save({ type: "stitched", attemptId: sceneAttempt.id });

  const verdicts: Verdict[] = [];
  for (let index = 1; index < clips.length; index++) {
    const before = clips[index - 1];
    const after = clips[index];
    const shot = manifest.shots.find((candidate) => candidate.id === after?.shotId);
    if (!before || !after || !shot) continue;
    const firstAfter = await deps.artifacts.read(after.attempt.extras["kf-first"] as string);
    const lastBefore = await deps.artifacts.read(before.attempt.extras["kf-last"] as string);
    const ctx = {
      runId: run.id,
      sceneId: run.sceneId,
      shot,
      settings,
      refs: await loadShotReferences(deps, settings, shot),
    };
    const verdict = await judgeImage(deps, ctx, {
      attemptId: sceneAttempt.id,
      bytes: firstAfter,
      kind: "keyframe",
      subject: `cut ${before.shotId}→${after.shotId}`,
      continuity: { bytes: lastBefore, mime: "image/png", shotId: before.shotId },
      only: ["continuity"],
      skipLocal: true,
    });
    verdicts.push({
      ...verdict,
      failures: verdict.failures.map((failure) => ({
        ...failure,
        subject: `${before.shotId}→${after.shotId}`,
      })),
    });
  }
  const verdict = combineVerdicts(verdicts);
  await setAttemptVerdict(deps.db, sceneAttempt.id, {
    verdict: verdict.passed ? "passed" : "failed",
    score: verdict.score,
    blame: verdict.passed ? null : "video",
    failures: verdict.failures,
  });
  deps.onEvent({
    type: "verdict",
    runId: run.id,
    shotId: SCENE_SHOT_ID,
    stage: "scene",
    attempt: 1,
    passed: verdict.passed,
    score: verdict.score,
    summary: summarise(verdict),
    tier: "judge",
  });
  if (verdict.passed) return { type: "passed" };
  return escalateShot(deps, {
    runId: run.id,
    shotId: SCENE_SHOT_ID,
    stage: "scene",
    thresholds: settings.thresholds,
    reason: `continuity fails across ${verdict.failures.map((failure) => failure.subject).join(", ")}`,
    blame: "video",
    requestedBy: run.requestedBy,
    attemptId: sceneAttempt.id,
  });
}
