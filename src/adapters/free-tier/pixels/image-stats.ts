import type { Raster } from "./raster.ts";

/** Whole-frame statistics for the cheapest artifact checks: black, blank or flat frames. */
export interface ImageStats {
  meanLuminance: number;
  luminanceSpread: number;
  /** Share of the frame taken by its single most common colour (coarsely binned). */
  dominantShare: number;
}

export function imageStats(raster: Raster): ImageStats {
  const bins = new Map<number, number>();
  let sum = 0;
  let sumSq = 0;
  const count = raster.width * raster.height;
  for (let i = 0; i < raster.data.length; i += 4) {
    const r = raster.data[i] ?? 0;
    const g = raster.data[i + 1] ?? 0;
    const b = raster.data[i + 2] ?? 0;
    const lum = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    sum += lum;
    sumSq += lum * lum;
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    bins.set(key, (bins.get(key) ?? 0) + 1);
  }
  const mean = sum / count;
  let dominant = 0;
  for (const n of bins.values()) dominant = Math.max(dominant, n);
  return {
    meanLuminance: mean,
    luminanceSpread: Math.sqrt(Math.max(0, sumSq / count - mean * mean)),
    dominantShare: dominant / count,
  };
}
