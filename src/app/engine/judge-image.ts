import { insertValidation } from "../../../db/queries/attempts.ts";
import { reserveForCall } from "../../core/prices.ts";
import type { CriterionName } from "../../core/scores.ts";
import { lowerOf, nearBorder } from "../../core/second-opinion.ts";
import {
  findingsAsMeasurements,
  measurements,
  parseJudgeAnswer,
  type Verdict,
  verdictOf,
} from "../../core/verdict.ts";
import type { JudgeImage, JudgeRequest } from "../../ports/judge.ts";
import type { LocalFinding } from "../../ports/local-checks.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { judgeRequest } from "./judge-request.ts";
import { paidCall, pricedModel } from "./paid-call.ts";
import type { ShotContext } from "./shot-context.ts";

export interface JudgedImage extends Verdict {
  tier: "local" | "judge";
}

export interface ImageToJudge {
  attemptId: number;
  bytes: Buffer;
  kind: JudgeRequest["artifact"]["kind"];
  /** What is looked at, e.g. "panel" or "keyframe middle". */
  subject: string;
  continuity?: JudgeImage & { shotId: string };
  /** Local findings measured already (a clip's checks), folded into this verdict. */
  extraFindings?: LocalFinding[];
  /** Only these criteria decide (the scene gate judges continuity across a cut). */
  only?: readonly CriterionName[];
  /** Skip the free tier's image checks (the scene gate's frames passed them as keyframes). */
  skipLocal?: boolean;
}

/**
 * Two tiers: the free pixel checks first, whose decisive findings can fail an image without a
 * paid call (advisory ones are recorded and carried along, never a failure alone); then the judge,
 * whose answer is validated and turned into a verdict here, never taken from the judge.
 */
export async function judgeImage(
  deps: EngineDeps,
  ctx: ShotContext,
  image: ImageToJudge,
): Promise<JudgedImage> {
  const local = image.skipLocal
    ? []
    : await deps.localChecks.checkImage({
        bytes: image.bytes,
        expectedWidth: ctx.settings.width,
        expectedHeight: ctx.settings.height,
        plate: ctx.refs.location.bytes,
        turnarounds: ctx.refs.cast.map((member) => member.image.bytes),
      });
  const localMeasured = findingsAsMeasurements([...local, ...(image.extraFindings ?? [])]);
  const localVerdict = verdictOf(localMeasured, ctx.settings.thresholds);
  if (localMeasured.length > 0) {
    await insertValidation(
      deps.db,
      {
        attemptId: image.attemptId,
        tier: "local",
        subject: image.subject,
        scores: localMeasured,
        passed: localVerdict.passed,
      },
      ctx.lease,
    );
  }
  if (!localVerdict.passed) return { ...localVerdict, tier: "local" };

  const castIds = ctx.shot.characters.map((member) => member.id);
  const judge = deps.judge;
  const ask = () =>
    paidCall(
      deps,
      {
        runId: ctx.runId,
        shotId: ctx.shot.id,
        attemptId: image.attemptId,
        settings: ctx.settings,
        action: `judge.${image.kind}`,
        kind: "judge",
        model: judge,
        ...(ctx.lease ? { lease: ctx.lease } : {}),
      },
      reserveForCall(pricedModel(deps, judge), "judge"),
      async (signal) => {
        const answer = await judge.score(
          judgeRequest(
            ctx,
            {
              bytes: image.bytes,
              kind: image.kind,
              label: `${ctx.shot.id} ${image.subject}`,
              continuity: image.continuity,
            },
            signal,
          ),
        );
        return { value: parseJudgeAnswer(answer.raw, castIds), usage: answer.usage };
      },
    );
  let scores = await ask();
  // A paid judge's score at the border is asked once more, through the governor like the first,
  // and the lower kept: both calls are in this attempt's cost and both sheets are recorded.
  if (!judge.simulated && nearBorder(scores, ctx.settings.thresholds, deps.judgeBorder ?? 0, image.only)) {
    await insertValidation(
      deps.db,
      {
        attemptId: image.attemptId,
        tier: "judge",
        subject: `${image.subject} (first opinion)`,
        scores,
        passed: verdictOf([...measurements(scores), ...localMeasured], ctx.settings.thresholds, image.only)
          .passed,
      },
      ctx.lease,
    );
    scores = lowerOf(scores, await ask());
  }
  const verdict = verdictOf([...measurements(scores), ...localMeasured], ctx.settings.thresholds, image.only);
  await insertValidation(
    deps.db,
    { attemptId: image.attemptId, tier: "judge", subject: image.subject, scores, passed: verdict.passed },
    ctx.lease,
  );
  return { ...verdict, tier: "judge" };
}

export function summarise(verdict: Verdict): string {
  if (verdict.passed) return `pass (lowest ${verdict.score.toFixed(2)})`;
  return verdict.failures
    .slice(0, 3)
    .map(
      (failure) =>
        `${failure.criterion}${failure.subject ? `(${failure.subject})` : ""} ${failure.score.toFixed(2)}: ${failure.reason}`,
    )
    .join("; ");
}
