import type { Raster } from "../free-tier/pixels/raster.ts";

/**
 * A coarse colour histogram (4 levels a channel) and its overlap with another: the palette
 * comparison behind continuity. 1 means the same palette in the same proportions.
 */
export function colourHistogram(raster: Raster, skip?: Uint8Array): Float64Array {
  const hist = new Float64Array(64);
  let total = 0;
  for (let p = 0, i = 0; i < raster.data.length; p++, i += 4) {
    if (skip?.[p]) continue;
    const key =
      (((raster.data[i] ?? 0) >> 6) << 4) |
      (((raster.data[i + 1] ?? 0) >> 6) << 2) |
      ((raster.data[i + 2] ?? 0) >> 6);
    hist[key] = (hist[key] ?? 0) + 1;
    total++;
  }
  if (total > 0) for (let k = 0; k < hist.length; k++) hist[k] = (hist[k] ?? 0) / total;
  return hist;
}

export function histogramOverlap(a: Float64Array, b: Float64Array): number {
  let overlap = 0;
  for (let k = 0; k < a.length; k++) overlap += Math.min(a[k] ?? 0, b[k] ?? 0);
  return overlap;
}
