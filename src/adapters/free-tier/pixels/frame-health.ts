import { ramp } from "./colour.ts";
import { imageStats } from "./image-stats.ts";
import type { Raster } from "./raster.ts";

/**
 * Is there a picture at all: a black frame and a blank (single-colour) frame both score 0, and
 * the reasons quote the numbers. A storyboard panel in any of the studio's sets is far from both.
 */
export interface Health {
  black: { score: number; reason: string };
  flat: { score: number; reason: string };
}

export function frameHealth(raster: Raster): Health {
  const stats = imageStats(raster);
  const black = ramp(stats.meanLuminance, 0.1, 0.04);
  const flat = Math.min(ramp(stats.dominantShare, 0.8, 0.95), ramp(stats.luminanceSpread, 0.05, 0.015));
  return {
    black: {
      score: black,
      reason:
        black >= 0.8
          ? `not black (mean brightness ${stats.meanLuminance.toFixed(2)})`
          : `black frame (mean brightness ${stats.meanLuminance.toFixed(3)})`,
    },
    flat: {
      score: flat,
      reason:
        flat >= 0.8
          ? `a picture, not a blank (largest single colour ${(stats.dominantShare * 100).toFixed(0)}% of the frame)`
          : `blank or flat frame (${(stats.dominantShare * 100).toFixed(0)}% one colour, brightness spread ${stats.luminanceSpread.toFixed(3)})`,
    },
  };
}
