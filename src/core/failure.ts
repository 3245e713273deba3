import type { CriterionName } from "./scores.ts";

/** One criterion below its threshold, with what it was about (a character id, a keyframe). */
export interface Failure {
  criterion: CriterionName;
  subject?: string;
  score: number;
  threshold: number;
  reason: string;
  /**
   * False for a free-tier finding that is evidence only (location by pixels on a real model's
   * output): recorded and shown, never a failure alone. Absent means it decides (the judge).
   */
  decisive?: boolean;
}
