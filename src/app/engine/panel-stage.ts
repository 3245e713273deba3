import { setAttemptArtifact } from "../../../db/queries/attempts.ts";
import { sha256 } from "../../core/bible-lock.ts";
import { capabilitiesFor } from "../../core/model-capabilities.ts";
import { reserveForCall } from "../../core/prices.ts";
import type { AttemptRecord, ShotState } from "../../core/shot-machine.ts";
import type { ReferenceImage } from "../../ports/image-model.ts";
import { artifactKeys } from "./artifact-keys.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { judgeImage } from "./judge-image.ts";
import { paidCall, pricedModel } from "./paid-call.ts";
import { recordVerdict } from "./record-verdict.ts";
import type { ShotContext } from "./shot-context.ts";
import { takeUpAttempt } from "./take-up-attempt.ts";

export interface PanelAttemptInput {
  stage: "panel" | "end-panel";
  number: number;
  existing: boolean;
  state: ShotState;
}

/** The accepted start panel, which an end panel is drawn against. */
export async function acceptedArtifact(deps: EngineDeps, key: string | null): Promise<Buffer> {
  if (!key) throw new Error("an accepted attempt has no artifact");
  return deps.artifacts.read(key);
}

/**
 * One panel attempt: adopt the manifest's existing panel or generate one from the canonical
 * references, then pass it through the panel gate. If a crashed worker already produced this
 * attempt's artifact, it is judged rather than paid for again.
 */
export async function runPanelAttempt(
  deps: EngineDeps,
  ctx: ShotContext,
  input: PanelAttemptInput,
  startPanelKey: string | null,
): Promise<AttemptRecord> {
  const { stage, number } = input;
  const { runId, shot } = ctx;
  const attempt = await takeUpAttempt(
    deps,
    {
      runId,
      shotId: shot.id,
      stage,
      number,
      source: input.existing ? "existing" : "generated",
    },
    ctx.lease,
  );
  deps.onEvent({
    type: "stage",
    runId,
    shotId: shot.id,
    stage,
    attempt: number,
    note: input.existing
      ? "existing panel"
      : needsCastSheet(deps, ctx, stage)
        ? `the ${ctx.refs.cast.length} characters on one cast sheet`
        : undefined,
  });

  let bytes: Buffer;
  if (attempt.artifactKey) {
    bytes = await deps.artifacts.read(attempt.artifactKey);
  } else {
    if (input.existing) {
      const source = stage === "panel" ? shot.panel : shot.end?.panel;
      bytes = await deps.bible.read(source as string);
    } else {
      bytes = await generatePanel(deps, ctx, stage, number, attempt.id, input.state, startPanelKey);
    }
    bytes = await deps.media.fitFrame(bytes, ctx.settings.width, ctx.settings.height);
    const key = artifactKeys.attempt(runId, shot.id, stage, number, "png");
    await deps.artifacts.write(key, bytes, "image/png");
    const thumbKey = artifactKeys.extra(runId, shot.id, stage, number, "thumb");
    await deps.artifacts.write(thumbKey, await deps.media.thumbnail(bytes, 320), "image/png");
    await setAttemptArtifact(
      deps.db,
      attempt.id,
      { key, hash: sha256(bytes), extras: { thumb: thumbKey } },
      ctx.lease,
    );
  }

  const verdict = await judgeImage(deps, ctx, {
    attemptId: attempt.id,
    bytes,
    kind: stage === "panel" ? "panel" : "end-panel",
    subject: stage,
  });
  return recordVerdict(deps, ctx, { id: attempt.id, number, stage, state: input.state }, verdict);
}

/** More images than the image model handles well: the cast, the plate, and for an end panel the start panel. */
function needsCastSheet(deps: EngineDeps, ctx: ShotContext, stage: PanelAttemptInput["stage"]): boolean {
  const { provider, modelId } = deps.imageModel;
  const { referenceImages } = capabilitiesFor(deps.capabilities, provider, modelId, "image");
  const others = stage === "end-panel" ? 2 : 1;
  return ctx.refs.cast.length >= 2 && ctx.refs.cast.length + others > referenceImages;
}

/**
 * The cast's turnarounds, one image each while the model handles that many references; past
 * that, all of them on one labelled cast sheet, so that no character's reference is dropped.
 */
async function castReferences(
  deps: EngineDeps,
  ctx: ShotContext,
  stage: PanelAttemptInput["stage"],
): Promise<ReferenceImage[]> {
  const cast = ctx.refs.cast;
  if (!needsCastSheet(deps, ctx, stage)) return cast.map((member) => member.image);
  const sheet = await deps.castSheets.compose(
    cast.map((member) => ({ id: member.id, bytes: member.image.bytes })),
  );
  const ids = cast.map((member) => member.id);
  return [
    {
      role: "cast-sheet",
      id: ids.join("+"),
      key: `cast-sheet:${ids.join("+")}`,
      bytes: sheet.bytes,
      mime: sheet.mime,
      cells: sheet.cells,
    },
  ];
}

async function generatePanel(
  deps: EngineDeps,
  ctx: ShotContext,
  stage: "panel" | "end-panel",
  number: number,
  attemptId: number,
  state: ShotState,
  startPanelKey: string | null,
): Promise<Buffer> {
  const model = deps.imageModel;
  const references: ReferenceImage[] = [...(await castReferences(deps, ctx, stage)), ctx.refs.location];
  if (stage === "end-panel") {
    references.push({
      role: "start-panel",
      id: ctx.shot.id,
      key: startPanelKey ?? "",
      bytes: await acceptedArtifact(deps, startPanelKey),
      mime: "image/png",
    });
  }
  const previous = state.stages[stage].history.at(-1);
  const feedback = previous?.failures
    .map(
      (failure) => `${failure.criterion}${failure.subject ? ` (${failure.subject})` : ""}: ${failure.reason}`,
    )
    .join("; ");
  return paidCall(
    deps,
    {
      runId: ctx.runId,
      shotId: ctx.shot.id,
      attemptId,
      settings: ctx.settings,
      action: `generate.${stage}`,
      kind: "image",
      model,
      ...(ctx.lease ? { lease: ctx.lease } : {}),
    },
    reserveForCall(pricedModel(deps, model), "image"),
    async (signal) => {
      const result = await model.generatePanel({
        sceneId: ctx.sceneId,
        shot: ctx.shot,
        frame: stage === "panel" ? "start" : "end",
        references,
        width: ctx.settings.width,
        height: ctx.settings.height,
        attempt: number,
        ...(feedback ? { feedback } : {}),
        signal,
      });
      return { value: result.bytes, usage: result.usage };
    },
  );
}
