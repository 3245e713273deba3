import type { Db } from "../../../db/create-db.ts";
import { AppError } from "../../core/app-error.ts";
import { isLockProblem } from "../../core/bible-lock.ts";
import { estimateScope, type ScopeEstimate } from "../../core/estimate.ts";
import { type CapabilityTable, capabilitiesFor } from "../../core/model-capabilities.ts";
import type { Micros } from "../../core/money.ts";
import {
  checkShots,
  type DurationPolicy,
  type PlannedModels,
  refusalError,
  type ShotPlan,
} from "../../core/plan-checks.ts";
import { type PriceTable, priceFor, reserveForVideo, typicalCost } from "../../core/prices.ts";
import { type ResolvedScope, resolveScope } from "../../core/scope.ts";
import type { ImageProbe } from "../../ports/image-probe.ts";
import type { Storage } from "../../ports/storage.ts";
import { type BibleCheck, checkBible } from "../bible/check-bible.ts";

export interface ModelIds {
  image: { provider: string; modelId: string };
  judge: { provider: string; modelId: string };
  video: { provider: string; modelId: string };
}

export interface PlanInput {
  scope: string;
  frames: boolean;
  cap: Micros;
  maxAttempts: number;
  width: number;
  height: number;
  durationPolicy: DurationPolicy;
  /** What the run will do: a render uses every model; an audit only judges existing panels. */
  work: "render" | "audit";
}

export interface RunPlan {
  bible: BibleCheck;
  scope: ResolvedScope;
  estimate: ScopeEstimate;
  /** The durations the shots render at, and the changes the duration policy made. */
  shots: ShotPlan;
  /** The run's cap, which the estimate was worked out under and the run's budget row will hold. */
  cap: Micros;
}

/** Judged keyframes per clip (middle and last); the free tier looks at more. */
export const JUDGED_KEYFRAMES = 2;

/**
 * Everything decided before a run starts: the bible is locked and unchanged, the scope exists,
 * and what it should cost (expected, and worst case under the caps). `estimate` shows exactly this.
 */
export async function planRun(
  deps: {
    db: Db;
    bible: Storage;
    probe: ImageProbe;
    prices: PriceTable;
    capabilities: CapabilityTable;
    models: ModelIds;
  },
  input: PlanInput,
): Promise<RunPlan> {
  const bible = await checkBible({ storage: deps.bible, probe: deps.probe, db: deps.db });
  if (bible.lock.state === "unlocked") {
    throw new AppError(
      "BIBLE_NOT_LOCKED",
      // Named in full so the suggestion reaches this bible whatever the default is.
      `the bible at ${bible.uri} is not locked; review it and run \`continuity bible lock --bible ${bible.uri}\` first`,
    );
  }
  if (bible.lock.state === "changed") {
    const changed = bible.problems.filter(isLockProblem).map((problem) => problem.message);
    throw new AppError(
      "BIBLE_CHANGED",
      `the bible changed since it was locked; runs are blocked until it is re-locked on purpose:\n  ${changed.join("\n  ")}`,
    );
  }
  const scope = resolveScope(input.scope, bible.manifests);
  const shots = checkShots(scope.shots, plannedModels(deps.capabilities, deps.models, input.work), {
    frames: input.frames,
    width: input.width,
    height: input.height,
    policy: input.durationPolicy,
  });
  if (shots.refusals.length > 0) throw refusalError(shots.refusals);
  const price = (model: { provider: string; modelId: string }) =>
    priceFor(deps.prices, model.provider, model.modelId);
  const video = price(deps.models.video);
  const estimate = estimateScope(
    scope.shots.map((shot) => ({ ...shot, duration: shots.durations[shot.id] ?? shot.duration })),
    {
      panel: typicalCost(price(deps.models.image), "image"),
      judge: typicalCost(price(deps.models.judge), "judge"),
      videoPerSecond: (seconds) => reserveForVideo(video, seconds),
    },
    {
      maxAttempts: input.maxAttempts,
      frames: input.frames,
      judgedKeyframes: JUDGED_KEYFRAMES,
      sceneGate: scope.wholeScene,
      cap: input.cap,
    },
  );
  return { bible, scope, estimate, shots, cap: input.cap };
}

/** The capabilities of the models this work would run; a model with no entry fails closed here. */
function plannedModels(table: CapabilityTable, models: ModelIds, work: PlanInput["work"]): PlannedModels {
  const judge = {
    modelId: models.judge.modelId,
    caps: capabilitiesFor(table, models.judge.provider, models.judge.modelId, "judge"),
  };
  if (work === "audit") return { judge };
  return {
    judge,
    image: {
      modelId: models.image.modelId,
      caps: capabilitiesFor(table, models.image.provider, models.image.modelId, "image"),
    },
    video: {
      modelId: models.video.modelId,
      caps: capabilitiesFor(table, models.video.provider, models.video.modelId, "video"),
    },
  };
}
