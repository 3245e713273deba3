import { distance3, type Rgb, rgbDistance, rgbToLab } from "../../free-tier/pixels/colour.ts";
import type { Anatomy } from "./figure-anatomy.ts";
import type { Cutout } from "./figure-cutout.ts";

/**
 * Garment pixels of a measured figure: the rows of a band (top or trousers), without hair and
 * without colours the caller excludes (skin, ink), so what remains is clothing.
 */
export function bandPixels(
  cut: Cutout,
  anatomy: Anatomy,
  band: readonly [number, number],
  exclude: readonly Rgb[],
): Rgb[] {
  const out: Rgb[] = [];
  const { width } = cut.mask;
  for (let y = Math.max(0, band[0]); y <= Math.min(cut.mask.height - 1, band[1]); y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!cut.mask.data[p] || anatomy.hairMask[p]) continue;
      const colour: Rgb = [
        cut.raster.data[p * 4] ?? 0,
        cut.raster.data[p * 4 + 1] ?? 0,
        cut.raster.data[p * 4 + 2] ?? 0,
      ];
      if (exclude.some((e) => rgbDistance(colour, e) < 28)) continue;
      out.push(colour);
    }
  }
  return out;
}

/** Share of the pixels within `maxDeltaE` of a colour (perceptual distance). */
export function shareNear(pixels: readonly Rgb[], colour: Rgb, maxDeltaE = 22): number {
  if (pixels.length === 0) return 0;
  const lab = rgbToLab(colour);
  let hits = 0;
  for (const pixel of pixels) {
    const p = rgbToLab(pixel);
    if (distance3(p[0] - lab[0], p[1] - lab[1], p[2] - lab[2]) <= maxDeltaE) hits++;
  }
  return hits / pixels.length;
}

/** The most common colour among the pixels (binned, then averaged within the bin). */
export function dominantColour(pixels: readonly Rgb[]): Rgb | undefined {
  const bins = new Map<number, { n: number; sum: [number, number, number] }>();
  for (const [r, g, b] of pixels) {
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    const bin = bins.get(key) ?? { n: 0, sum: [0, 0, 0] };
    bin.n++;
    bin.sum[0] += r;
    bin.sum[1] += g;
    bin.sum[2] += b;
    bins.set(key, bin);
  }
  let best: { n: number; sum: [number, number, number] } | undefined;
  for (const bin of bins.values()) if (!best || bin.n > best.n) best = bin;
  return best ? [best.sum[0] / best.n, best.sum[1] / best.n, best.sum[2] / best.n] : undefined;
}
