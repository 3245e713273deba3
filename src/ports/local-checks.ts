import type { CriterionName } from "../core/scores.ts";

/** One measurement of the free local tier: a criterion, a score in [0,1] and why. */
export interface LocalFinding {
  criterion: CriterionName;
  score: number;
  reason: string;
}

export interface ImageCheckInput {
  bytes: Buffer;
  expectedWidth: number;
  expectedHeight: number;
  /** The location plate, for a cheap background comparison. */
  plate: Buffer;
}

export interface ClipCheckInput {
  /** Decoded frames sampled across the clip (first, middle, last and the tail), in time order. */
  frames: { atSeconds: number; bytes: Buffer }[];
  durationSeconds: number;
  expectedDurationSeconds: number;
  expectedWidth: number;
  expectedHeight: number;
  startPanel: Buffer;
  endPanel?: Buffer;
}

/**
 * The free tier: measurements on pixels that run before any paid judge call and can fail an
 * artifact on their own (blank or black frames, wrong size, frozen clip, a snap in the tail,
 * a background far from the plate).
 */
export interface LocalChecks {
  checkImage(input: ImageCheckInput): Promise<LocalFinding[]>;
  checkClip(input: ClipCheckInput): Promise<LocalFinding[]>;
}
