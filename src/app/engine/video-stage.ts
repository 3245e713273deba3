import { type AttemptRow, setAttemptArtifact, setAttemptVerdict } from "../../../db/queries/attempts.ts";
import { sha256 } from "../../core/bible-lock.ts";
import { costOfUsage, reserveForVideo } from "../../core/prices.ts";
import type { AttemptRecord, ShotState } from "../../core/shot-machine.ts";
import { combineVerdicts, findingsAsMeasurements, verdictOf } from "../../core/verdict.ts";
import { pricedModel } from "../governor/governor-target.ts";
import { runLongJob } from "../governor/long-job.ts";
import { artifactKeys } from "./artifact-keys.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { judgeImage } from "./judge-image.ts";
import { keyframePlan } from "./keyframe-plan.ts";
import { acceptedArtifact } from "./panel-stage.ts";
import { recordVerdict } from "./record-verdict.ts";
import type { ShotContext } from "./shot-context.ts";
import { takeUpAttempt } from "./take-up-attempt.ts";

/** The prompt the video model animates the accepted panel with. */
function videoPrompt(ctx: ShotContext): string {
  const end = ctx.shot.end ? ` End on: ${ctx.shot.end.description}.` : "";
  return `${ctx.shot.motion} Camera: ${ctx.shot.camera}.${end}`;
}

/**
 * One video attempt: submit once (the operation id is stored before polling), poll until done,
 * then extract keyframes and pass the clip through the video gate. A restarted worker resumes
 * the stored operation; a submission whose outcome is unknown is never re-sent blindly.
 */
export async function runVideoAttempt(
  deps: EngineDeps,
  ctx: ShotContext,
  number: number,
  state: ShotState,
  panels: { start: string | null; end: string | null },
): Promise<AttemptRecord> {
  const { runId, shot } = ctx;
  const attempt = await takeUpAttempt(
    deps,
    {
      runId,
      shotId: shot.id,
      stage: "video",
      number,
      source: "generated",
    },
    ctx.lease,
  );
  deps.onEvent({ type: "stage", runId, shotId: shot.id, stage: "video", attempt: number });
  const video = attempt.artifactKey
    ? await deps.artifacts.read(attempt.artifactKey)
    : await produceClip(deps, ctx, attempt, number, panels);
  if (!Buffer.isBuffer(video)) {
    deps.onEvent({
      type: "verdict",
      runId,
      shotId: shot.id,
      stage: "video",
      attempt: number,
      passed: false,
      score: 0,
      summary: video.failed,
      tier: "local",
    });
    return {
      attemptId: attempt.id,
      number,
      score: 0,
      passed: false,
      failures: [{ criterion: "artifacts", score: 0, reason: video.failed }],
    };
  }
  return judgeClip(deps, ctx, attempt, number, video, state, panels);
}

async function produceClip(
  deps: EngineDeps,
  ctx: ShotContext,
  attempt: AttemptRow,
  number: number,
  panels: { start: string | null; end: string | null },
): Promise<Buffer | { failed: string }> {
  const model = deps.videoModel;
  const priced = pricedModel(deps, model);
  const startPanel = await acceptedArtifact(deps, panels.start);
  const endPanel = panels.end ? await acceptedArtifact(deps, panels.end) : undefined;
  const outcome = await runLongJob(deps, {
    target: {
      runId: ctx.runId,
      shotId: ctx.shot.id,
      attemptId: attempt.id,
      settings: ctx.settings,
      action: "generate.video",
      kind: "video",
      model,
      ...(ctx.lease ? { lease: ctx.lease } : {}),
    },
    reserveMicros: reserveForVideo(priced, ctx.shot.duration),
    baseRequestId: `${ctx.runId}-${ctx.shot.id}-v${number}`,
    start: (clientRequestId, signal) =>
      model.start({
        sceneId: ctx.sceneId,
        shot: ctx.shot,
        startPanel: { bytes: startPanel, mime: "image/png" },
        ...(endPanel ? { endPanel: { bytes: endPanel, mime: "image/png" } } : {}),
        prompt: videoPrompt(ctx),
        durationSeconds: ctx.shot.duration,
        width: ctx.settings.width,
        height: ctx.settings.height,
        clientRequestId,
        attempt: number,
        signal,
      }),
    status: (operationId, signal) => model.status(operationId, signal),
    ...(model.findByClientRequestId ? { lookup: model.findByClientRequestId.bind(model) } : {}),
    costOf: (status) =>
      costOfUsage(priced, "video", {
        ...status.usage,
        seconds: status.usage.seconds ?? status.durationSeconds,
      }),
    describeFailure: (status) => `video provider: ${status.filtered ? "filtered: " : ""}${status.reason}`,
  });
  if (outcome.state === "failed") {
    await setAttemptVerdict(
      deps.db,
      attempt.id,
      {
        verdict: "failed",
        score: 0,
        blame: "video",
        failures: [{ criterion: "artifacts", score: 0, reason: outcome.reason }],
      },
      ctx.lease,
    );
    return { failed: outcome.reason };
  }
  const { video } = outcome.status;
  const key = artifactKeys.attempt(ctx.runId, ctx.shot.id, "video", number, "mp4");
  await deps.artifacts.write(key, video, "video/mp4");
  await setAttemptArtifact(deps.db, attempt.id, { key, hash: sha256(video) }, ctx.lease);
  return video;
}

async function judgeClip(
  deps: EngineDeps,
  ctx: ShotContext,
  attempt: AttemptRow,
  number: number,
  video: Buffer,
  state: ShotState,
  panels: { start: string | null; end: string | null },
): Promise<AttemptRecord> {
  const info = await deps.media.probeVideo(video);
  const plan = keyframePlan(info.durationSeconds, panels.end !== null);
  const frames = await deps.media.extractFrames(
    video,
    plan.map((frame) => frame.atSeconds),
  );
  const extras: Record<string, string> = {};
  await Promise.all(
    plan.map(async (frame, index) => {
      const key = artifactKeys.extra(ctx.runId, ctx.shot.id, "video", number, `kf-${frame.label}`);
      await deps.artifacts.write(key, frames[index] as Buffer, "image/png");
      extras[`kf-${frame.label}`] = key;
    }),
  );
  const thumbKey = artifactKeys.extra(ctx.runId, ctx.shot.id, "video", number, "thumb");
  const middle = frames[plan.findIndex((frame) => frame.label === "middle")] as Buffer;
  await deps.artifacts.write(thumbKey, await deps.media.thumbnail(middle, 320), "image/png");
  await setAttemptArtifact(
    deps.db,
    attempt.id,
    {
      key: attempt.artifactKey ?? artifactKeys.attempt(ctx.runId, ctx.shot.id, "video", number, "mp4"),
      hash: sha256(video),
      extras: { ...extras, thumb: thumbKey },
    },
    ctx.lease,
  );

  const clipFindings = await deps.localChecks.checkClip({
    frames: plan.map((frame, index) => ({ atSeconds: frame.atSeconds, bytes: frames[index] as Buffer })),
    durationSeconds: info.durationSeconds,
    expectedDurationSeconds: ctx.shot.duration,
    expectedWidth: ctx.settings.width,
    expectedHeight: ctx.settings.height,
    startPanel: await acceptedArtifact(deps, panels.start),
    ...(panels.end ? { endPanel: await acceptedArtifact(deps, panels.end) } : {}),
  });
  const clipVerdict = verdictOf(findingsAsMeasurements(clipFindings), ctx.settings.thresholds);
  let verdicts = [clipVerdict];
  let tier: "local" | "judge" = "local";
  if (clipVerdict.passed) {
    tier = "judge";
    verdicts = [];
    for (const [index, frame] of plan.entries()) {
      if (!frame.judged) continue;
      const judged = await judgeImage(deps, ctx, {
        attemptId: attempt.id,
        bytes: frames[index] as Buffer,
        kind: "keyframe",
        subject: `keyframe ${frame.label}`,
        ...(frame.label === "last" ? { extraFindings: clipFindings } : {}),
      });
      verdicts.push(judged);
      if (!judged.passed) break;
    }
  }
  const verdict = combineVerdicts(verdicts);
  return recordVerdict(deps, ctx, { id: attempt.id, number, stage: "video", state }, { ...verdict, tier });
}
