import type { CriterionName } from "../core/scores.ts";

/** One measurement of the free tier: a criterion, a score in [0,1] and why. */
export interface LocalFinding {
  criterion: CriterionName;
  score: number;
  reason: string;
  /**
   * True only when the finding is certain on any model's output (unreadable, wrong aspect, black,
   * blank, a reference handed back; for clips duration, frozen, black frames, a tail snap, a first
   * frame that is not its panel): only these may fail an artifact without a paid call. Pixel
   * comparisons with a plate are evidence, not a verdict, unless the offline studio drew the panel.
   */
  decisive: boolean;
}

export interface ImageCheckInput {
  bytes: Buffer;
  expectedWidth: number;
  expectedHeight: number;
  /** The location plate, for a cheap background comparison and to catch it handed back. */
  plate: Buffer;
  /** The shot's character turnarounds, to catch one handed back as the panel. */
  turnarounds?: Buffer[];
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
 * The free tier: measurements on pixels that run before any paid judge call. Its decisive
 * findings can fail an artifact on their own; its advisory ones are recorded and shown only.
 */
export interface LocalChecks {
  checkImage(input: ImageCheckInput): Promise<LocalFinding[]>;
  checkClip(input: ClipCheckInput): Promise<LocalFinding[]>;
}
