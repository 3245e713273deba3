import type { Criterion } from "../../core/scores.ts";
import { ramp } from "../free-tier/pixels/colour.ts";
import type { Raster } from "../free-tier/pixels/raster.ts";
import { colourHistogram, histogramOverlap } from "./colour-histogram.ts";

/**
 * Continuity with the adjacent accepted shot, by palette: when both frames are on this set,
 * their colours should largely agree (the room has not been re-lit or re-dressed). When the
 * adjacent frame is on another set, the cut is a change of location and there is nothing to
 * compare.
 */
export function scoreContinuity(frame: Raster, adjacent: Raster, plate: Raster, shotId: string): Criterion {
  const plateHist = colourHistogram(plate);
  const adjacentOnSet = histogramOverlap(colourHistogram(adjacent), plateHist);
  if (adjacentOnSet < 0.45) {
    return {
      score: 1,
      reason: `shot ${shotId} is on another set (palette overlap with this plate ${adjacentOnSet.toFixed(2)}): a cut, nothing to match`,
    };
  }
  const overlap = histogramOverlap(colourHistogram(frame), colourHistogram(adjacent));
  const score = ramp(overlap, 0.6, 0.3);
  return {
    score,
    reason:
      score >= 0.8
        ? `palette consistent with shot ${shotId} (overlap ${overlap.toFixed(2)})`
        : `palette departs from shot ${shotId} on the same set (overlap ${overlap.toFixed(2)})`,
  };
}
