import { type AttemptRow, setAttemptArtifact, setAttemptVerdict } from "../../../db/queries/attempts.ts";
import { closeReservation } from "../../../db/queries/budget.ts";
import {
  findOperationForAttempt,
  insertOperation,
  type OperationRow,
  updateOperation,
} from "../../../db/queries/operations.ts";
import { AppError, isAppError } from "../../core/app-error.ts";
import { sha256 } from "../../core/bible-lock.ts";
import { costOfUsage, reserveForVideo } from "../../core/prices.ts";
import { isProviderError, ProviderError } from "../../core/provider-error.ts";
import type { AttemptRecord, ShotState } from "../../core/shot-machine.ts";
import { combineVerdicts, findingsAsMeasurements, verdictOf } from "../../core/verdict.ts";
import type { VideoStatus } from "../../ports/video-model.ts";
import { artifactKeys } from "./artifact-keys.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { judgeImage } from "./judge-image.ts";
import { keyframePlan } from "./keyframe-plan.ts";
import { assertMayStart, pricedModel, reserve } from "./paid-call.ts";
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
  const attempt = await takeUpAttempt(deps, {
    runId,
    shotId: shot.id,
    stage: "video",
    number,
    source: "generated",
  });
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
  let operation = await findOperationForAttempt(deps.db, attempt.id);

  if (operation?.status === "submitting") operation = await recoverSubmission(deps, operation);
  if (operation?.status === "uncertain") {
    throw new ProviderError(
      "SUBMISSION_UNCERTAIN",
      `the outcome of video submission ${operation.clientRequestId} is unknown; it is not re-sent blindly`,
      "terminal",
    );
  }
  if (!operation || operation.status === "failed") {
    operation = await submit(
      deps,
      ctx,
      attempt,
      number,
      panels,
      operation ? `${operation.clientRequestId}-r` : undefined,
    );
  }
  // An abandoned operation (the kill switch stopped our polling) is still the provider's paid job: pick it up again.
  // Here the operation is submitted, succeeded, or abandoned by an earlier stop: all are the
  // provider's paid job, so they are polled again rather than submitted again.
  const status = await poll(deps, operation);
  if (status.state !== "succeeded") {
    const reason = `video provider: ${status.state === "failed" ? `${status.filtered ? "filtered: " : ""}${status.reason}` : "no result"}`;
    await updateOperation(deps.db, operation.id, { status: "failed", detail: reason });
    // A filtered or failed generation is not billed by the providers we support.
    await closeReservation(deps.db, operation.ledgerId, { status: "released", note: reason });
    await setAttemptVerdict(deps.db, attempt.id, {
      verdict: "failed",
      score: 0,
      blame: "video",
      failures: [{ criterion: "artifacts", score: 0, reason }],
    });
    return { failed: reason };
  }
  await closeReservation(deps.db, operation.ledgerId, {
    status: "settled",
    micros: costOfUsage(priced, "video", {
      ...status.usage,
      seconds: status.usage.seconds ?? status.durationSeconds,
    }),
    usage: status.usage as Record<string, number>,
  });
  await updateOperation(deps.db, operation.id, { status: "succeeded" });
  const key = artifactKeys.attempt(ctx.runId, ctx.shot.id, "video", number, "mp4");
  await deps.artifacts.write(key, status.video, "video/mp4");
  await setAttemptArtifact(deps.db, attempt.id, { key, hash: sha256(status.video) });
  return status.video;
}

async function submit(
  deps: EngineDeps,
  ctx: ShotContext,
  attempt: AttemptRow,
  number: number,
  panels: { start: string | null; end: string | null },
  clientRequestId = `${ctx.runId}-${ctx.shot.id}-v${number}`,
): Promise<OperationRow> {
  const model = deps.videoModel;
  const priced = pricedModel(deps, model);
  const target = {
    runId: ctx.runId,
    shotId: ctx.shot.id,
    attemptId: attempt.id,
    settings: ctx.settings,
    action: "generate.video",
    kind: "image" as const,
    model,
  };
  const startPanel = await acceptedArtifact(deps, panels.start);
  const endPanel = panels.end ? await acceptedArtifact(deps, panels.end) : undefined;
  for (let tryNumber = 1; ; tryNumber++) {
    await assertMayStart(deps, ctx.runId);
    const ledgerId = await reserve(deps, target, reserveForVideo(priced, ctx.shot.duration));
    const requestId = tryNumber === 1 ? clientRequestId : `${clientRequestId}-t${tryNumber}`;
    const operation = await insertOperation(deps.db, {
      ledgerId,
      runId: ctx.runId,
      shotId: ctx.shot.id,
      attemptId: attempt.id,
      provider: model.provider,
      model: model.modelId,
      clientRequestId: requestId,
    });
    try {
      await deps.killSwitch.assertRunning();
      const { operationId } = await model.start({
        sceneId: ctx.sceneId,
        shot: ctx.shot,
        startPanel: { bytes: startPanel, mime: "image/png" },
        ...(endPanel ? { endPanel: { bytes: endPanel, mime: "image/png" } } : {}),
        prompt: videoPrompt(ctx),
        durationSeconds: ctx.shot.duration,
        width: ctx.settings.width,
        height: ctx.settings.height,
        clientRequestId: requestId,
        attempt: number,
        signal: new AbortController().signal,
      });
      await updateOperation(deps.db, operation.id, { status: "submitted", operationId });
      return { ...operation, status: "submitted", operationId };
    } catch (error) {
      const retryable = isProviderError(error) && error.kind === "retryable";
      if (isProviderError(error) && error.kind === "uncertain") {
        await updateOperation(deps.db, operation.id, { status: "uncertain", detail: error.message });
        await closeReservation(deps.db, ledgerId, { status: "uncertain", note: error.message });
        throw new ProviderError(
          "SUBMISSION_UNCERTAIN",
          `the video submission ${requestId} got no answer; it is not re-sent blindly. Check the provider's console, then approve or reject. (${error.message})`,
          "terminal",
        );
      }
      await updateOperation(deps.db, operation.id, {
        status: "failed",
        detail: isAppError(error) ? error.message : String(error),
      });
      await closeReservation(deps.db, ledgerId, {
        status: "released",
        note: String((error as Error).message ?? error),
      });
      if (!retryable || tryNumber >= deps.callTries) throw error;
      await deps.clock.sleep(error.retryAfterMs ?? 500 * 2 ** (tryNumber - 1));
    }
  }
}

/** A worker died between submitting and storing the answer: ask the provider, or hand it to a human. */
async function recoverSubmission(deps: EngineDeps, operation: OperationRow): Promise<OperationRow> {
  const found = deps.videoModel.findByClientRequestId
    ? await deps.videoModel.findByClientRequestId(operation.clientRequestId)
    : undefined;
  if (found) {
    await updateOperation(deps.db, operation.id, { status: "submitted", operationId: found });
    return { ...operation, status: "submitted", operationId: found };
  }
  if (deps.videoModel.findByClientRequestId) {
    // The provider can look submissions up and has none: it never received this one.
    await updateOperation(deps.db, operation.id, { status: "failed", detail: "never reached the provider" });
    await closeReservation(deps.db, operation.ledgerId, {
      status: "released",
      note: "never reached the provider",
    });
    return { ...operation, status: "failed" };
  }
  await updateOperation(deps.db, operation.id, {
    status: "uncertain",
    detail: "worker died during submission",
  });
  await closeReservation(deps.db, operation.ledgerId, {
    status: "uncertain",
    note: "worker died during submission",
  });
  throw new ProviderError(
    "SUBMISSION_UNCERTAIN",
    `a worker died while submitting ${operation.clientRequestId}; it is not re-sent blindly. Check the provider's console, then approve or reject.`,
    "terminal",
  );
}

async function poll(deps: EngineDeps, operation: OperationRow): Promise<VideoStatus> {
  const controller = new AbortController();
  for (;;) {
    const why = await deps.killSwitch.reason();
    if (why) {
      controller.abort();
      await updateOperation(deps.db, operation.id, { status: "abandoned", detail: why });
      // Submitted work is billed by the provider whether or not we wait for it.
      await closeReservation(deps.db, operation.ledgerId, {
        status: "uncertain",
        note: `abandoned while polling: ${why}`,
      });
      throw new AppError("STOPPED", `kill switch: ${why}`);
    }
    const status = await deps.videoModel.status(operation.operationId as string, controller.signal);
    if (status.state !== "running") return status;
    await deps.clock.sleep(deps.pollIntervalMs);
  }
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
  await setAttemptArtifact(deps.db, attempt.id, {
    key: attempt.artifactKey ?? artifactKeys.attempt(ctx.runId, ctx.shot.id, "video", number, "mp4"),
    hash: sha256(video),
    extras: { ...extras, thumb: thumbKey },
  });

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
