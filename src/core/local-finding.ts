import type { CriterionName } from "./scores.ts";

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
