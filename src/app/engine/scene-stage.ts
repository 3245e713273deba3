import { and, eq } from "drizzle-orm";
import { findAttempt, setAttemptArtifact, setAttemptVerdict } from "../../../db/queries/attempts.ts";
import { listRunShots } from "../../../db/queries/run-shots.ts";
import { type RunRow, setRunStatus } from "../../../db/queries/runs.ts";
import { runs } from "../../../db/schema.ts";
import { sha256 } from "../../core/bible-lock.ts";
import type { ShotState } from "../../core/shot-machine.ts";
import { combineVerdicts } from "../../core/verdict.ts";
import { artifactKeys } from "./artifact-keys.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { escalateShot } from "./escalate.ts";
import { judgeImage, summarise } from "./judge-image.ts";
import { loadLockedManifest } from "./run-manifest.ts";
import type { RunSettings } from "./run-settings.ts";
import { loadShotReferences } from "./shot-context.ts";
import { takeUpAttempt } from "./take-up-attempt.ts";

export const SCENE_SHOT_ID = "_scene";

/**
 * The last gate: when every shot of a scene is accepted, stitch the accepted clips in order and
 * judge continuity across each cut (the first frame after a cut against the last frame before it).
 * One worker claims it by moving the run from running to stitching.
 */
export async function runSceneGate(deps: EngineDeps, run: RunRow): Promise<void> {
  const claimed = await deps.db
    .update(runs)
    .set({ status: "stitching" })
    .where(and(eq(runs.id, run.id), eq(runs.status, "running")))
    .returning({ id: runs.id });
  if (claimed.length === 0) return;
  const settings = run.settings as unknown as RunSettings;
  const manifest = await loadLockedManifest(deps.bible, settings, run.sceneId);
  const rows = await listRunShots(deps.db, run.id);
  const clips = await Promise.all(
    rows.map(async (row) => {
      const state = row.state as unknown as ShotState;
      const attempt = await findAttempt(deps.db, state.stages.video.accepted as number);
      if (!attempt?.artifactKey) throw new Error(`shot ${row.shotId} is accepted without a clip`);
      return { shotId: row.shotId, attempt };
    }),
  );
  deps.onEvent({ type: "stage", runId: run.id, shotId: SCENE_SHOT_ID, stage: "scene", attempt: 1 });
  const stitched = await deps.media.stitch(
    await Promise.all(clips.map((clip) => deps.artifacts.read(clip.attempt.artifactKey as string))),
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

  const verdicts = [];
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
  if (verdict.passed) {
    await setRunStatus(deps.db, run.id, "done");
    deps.onEvent({ type: "run", runId: run.id, status: "done" });
    return;
  }
  await escalateShot(deps, {
    runId: run.id,
    shotId: SCENE_SHOT_ID,
    stage: "scene",
    thresholds: settings.thresholds,
    reason: `continuity fails across ${verdict.failures.map((failure) => failure.subject).join(", ")}`,
    blame: "video",
    requestedBy: run.requestedBy,
    attemptId: sceneAttempt.id,
  });
  await setRunStatus(deps.db, run.id, "escalated");
  deps.onEvent({ type: "run", runId: run.id, status: "escalated", message: "scene continuity escalated" });
}
