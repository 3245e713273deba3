import { AppError, type AppErrorCode } from "./app-error.ts";
import type { Shot } from "./manifest.ts";
import {
  describeDurations,
  describeRatios,
  type ImageCapabilities,
  type JudgeCapabilities,
  makesAspect,
  makesDuration,
  nearestDuration,
  type VideoCapabilities,
} from "./model-capabilities.ts";

/**
 * Plan time: every shot of a scope against the models that would run it, before anything is
 * reserved. A shot a model cannot make is refused with what it asked and what the model allows;
 * under the `nearest` policy a duration is moved to the nearest one the model makes instead.
 */
export type DurationPolicy = "refuse" | "nearest";

export interface PlannedModels {
  image?: { modelId: string; caps: ImageCapabilities };
  judge?: { modelId: string; caps: JudgeCapabilities };
  video?: { modelId: string; caps: VideoCapabilities };
}

export interface PlanSettings {
  frames: boolean;
  width: number;
  height: number;
  policy: DurationPolicy;
}

/** Why the models cannot make a shot as asked. */
export type RefusalCode = Extract<
  AppErrorCode,
  | "ASPECT_UNSUPPORTED"
  | "FRAMES_UNSUPPORTED"
  | "REFERENCES_UNSUPPORTED"
  | "JUDGE_IMAGES_UNSUPPORTED"
  | "SHOT_DURATION_UNSUPPORTED"
>;

export interface Refusal {
  code: RefusalCode;
  shotId?: string;
  message: string;
}

export interface DurationChange {
  shotId: string;
  askedSeconds: number;
  plannedSeconds: number;
  /** "veo-3.1-fast-generate-preview makes 4, 6 or 8 s clips" */
  because: string;
}

export interface ShotPlan {
  refusals: Refusal[];
  /** The duration each shot will be rendered at (the manifest's, unless the policy moved it). */
  durations: Record<string, number>;
  changes: DurationChange[];
}

/** Images one panel request needs at the least: the cast (as one sheet when it must), the plate, the start panel. */
export function minimumReferences(frames: boolean, castSize: number): number {
  return Math.min(castSize, 1) + 1 + (frames ? 1 : 0);
}

function ratioOf(width: number, height: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(width, height);
  return `${width / d}:${height / d}`;
}

export function checkShots(shots: readonly Shot[], models: PlannedModels, settings: PlanSettings): ShotPlan {
  const refusals: Refusal[] = [];
  const durations: Record<string, number> = {};
  const changes: DurationChange[] = [];
  const frame = `the frame ${settings.width}x${settings.height} (CONTINUITY_FRAME_SIZE, ${ratioOf(settings.width, settings.height)})`;
  const { video, image, judge } = models;

  if (video && !makesAspect(video.caps.aspectRatios, settings.width, settings.height)) {
    refusals.push({
      code: "ASPECT_UNSUPPORTED",
      message: `${frame} cannot be made by ${video.modelId}, which makes ${describeRatios(video.caps.aspectRatios ?? [])}`,
    });
  }
  if (image && !makesAspect(image.caps.aspectRatios, settings.width, settings.height)) {
    refusals.push({
      code: "ASPECT_UNSUPPORTED",
      message: `${frame} cannot be drawn by ${image.modelId}, which draws ${describeRatios(image.caps.aspectRatios ?? [])}`,
    });
  }
  if (video && settings.frames && !video.caps.endFrame) {
    refusals.push({
      code: "FRAMES_UNSUPPORTED",
      message: `--frames asks ${shots.map((shot) => shot.id).join(", ")} for an end frame; ${video.modelId} takes a first frame only`,
    });
  }
  for (const shot of shots) {
    durations[shot.id] = shot.duration;
    if (image) {
      const needed = minimumReferences(settings.frames, shot.characters.length);
      if (image.caps.referenceImages < needed) {
        refusals.push({
          code: "REFERENCES_UNSUPPORTED",
          shotId: shot.id,
          message: `${shot.id} needs ${needed} reference images at the least; ${image.modelId} handles ${image.caps.referenceImages}`,
        });
      }
    }
    if (judge) {
      // The artifact, each cast member's turnaround, the plate and the previous shot's frame.
      const needed = shot.characters.length + 3;
      if (judge.caps.imagesPerRequest < needed) {
        refusals.push({
          code: "JUDGE_IMAGES_UNSUPPORTED",
          shotId: shot.id,
          message: `${shot.id} needs ${needed} images per judge request; ${judge.modelId} takes ${judge.caps.imagesPerRequest}`,
        });
      }
    }
    if (!video || makesDuration(video.caps.durations, shot.duration)) continue;
    const because = `${video.modelId} makes ${describeDurations(video.caps.durations)}`;
    if (settings.policy === "nearest") {
      const planned = nearestDuration(video.caps.durations, shot.duration);
      durations[shot.id] = planned;
      changes.push({ shotId: shot.id, askedSeconds: shot.duration, plannedSeconds: planned, because });
    } else {
      refusals.push({
        code: "SHOT_DURATION_UNSUPPORTED",
        shotId: shot.id,
        message: `${shot.id} is ${shot.duration} s; ${because}`,
      });
    }
  }
  return { refusals, durations, changes };
}

/** One error for every refusal, coded by the refusal when there is one kind, with what to change. */
export function refusalError(refusals: readonly Refusal[]): AppError {
  const codes = [...new Set(refusals.map((refusal) => refusal.code))];
  const hints: string[] = [];
  if (codes.includes("SHOT_DURATION_UNSUPPORTED")) {
    hints.push(
      "change the durations in the manifest, or set CONTINUITY_DURATION_POLICY=nearest to render the nearest duration the model makes",
    );
  }
  if (codes.includes("FRAMES_UNSUPPORTED"))
    hints.push("render without --frames, or use a video model that takes an end frame");
  if (codes.includes("ASPECT_UNSUPPORTED"))
    hints.push("set CONTINUITY_FRAME_SIZE to a ratio the models make");
  const lines = refusals.map((refusal) => refusal.message);
  const message =
    lines.length === 1
      ? `${lines[0]}; nothing was spent`
      : `${lines.length} problems, nothing was spent:\n  ${lines.join("\n  ")}`;
  return new AppError(
    codes.length === 1 ? (codes[0] as RefusalCode) : "PLAN_UNSUPPORTED",
    hints.length > 0 ? `${message}\n${hints.join("; ")}` : message,
    { refusals },
  );
}

/** "1A: 12 s -> 8 s (veo-3.1-fast-generate-preview makes 4, 6 or 8 s clips)" */
export function describeChange(change: DurationChange): string {
  return `${change.shotId}: ${change.askedSeconds} s -> ${change.plannedSeconds} s (${change.because})`;
}
