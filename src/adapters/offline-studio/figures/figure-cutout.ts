import type { Rgb } from "../../free-tier/pixels/colour.ts";
import { distance3 } from "../../free-tier/pixels/colour.ts";
import { cropRaster, type Raster } from "../../free-tier/pixels/raster.ts";
import { type Box, blobMask, fillHoles, labelBlobs, type Mask } from "./mask.ts";

/** One figure lifted out of an image: its pixels (RGBA, alpha = membership) and its mask, same size. */
export interface Cutout {
  raster: Raster;
  mask: Mask;
  /** Where the cutout sat in the source image. */
  left: number;
  top: number;
}

/** The colour most of the border shows: a turnaround's flat ground. */
export function borderColour(raster: Raster): Rgb {
  const counts = new Map<number, { n: number; sum: [number, number, number] }>();
  const visit = (x: number, y: number) => {
    const i = (y * raster.width + x) * 4;
    const r = raster.data[i] ?? 0;
    const g = raster.data[i + 1] ?? 0;
    const b = raster.data[i + 2] ?? 0;
    const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    const entry = counts.get(key) ?? { n: 0, sum: [0, 0, 0] };
    entry.n++;
    entry.sum[0] += r;
    entry.sum[1] += g;
    entry.sum[2] += b;
    counts.set(key, entry);
  };
  for (let x = 0; x < raster.width; x += 2) {
    visit(x, 0);
    visit(x, raster.height - 1);
  }
  for (let y = 0; y < raster.height; y += 2) {
    visit(0, y);
    visit(raster.width - 1, y);
  }
  let best = { n: 0, sum: [0, 0, 0] as [number, number, number] };
  for (const entry of counts.values()) if (entry.n > best.n) best = entry;
  return [best.sum[0] / best.n, best.sum[1] / best.n, best.sum[2] / best.n];
}

/** Pixels away from a flat ground colour: soft membership so edges composite without a halo. */
function groundMask(raster: Raster, ground: Rgb, threshold: number): Mask {
  const mask: Mask = {
    width: raster.width,
    height: raster.height,
    data: new Uint8Array(raster.width * raster.height),
  };
  for (let p = 0, i = 0; p < mask.data.length; p++, i += 4) {
    const d = distance3(
      (raster.data[i] ?? 0) - ground[0],
      (raster.data[i + 1] ?? 0) - ground[1],
      (raster.data[i + 2] ?? 0) - ground[2],
    );
    mask.data[p] = d > threshold ? 1 : 0;
  }
  return mask;
}

/**
 * The standing figures on a flat ground (a turnaround sheet), left to right. Captions and
 * specks are too short to count: a figure is at least a fifth of the sheet's height.
 */
export function figuresOnGround(raster: Raster, ground: Rgb = borderColour(raster)): Cutout[] {
  const mask = fillHoles(groundMask(raster, ground, 26));
  const { labels, blobs } = labelBlobs(mask);
  return blobs
    .filter((b) => b.box.y1 - b.box.y0 >= raster.height * 0.2)
    .sort((a, b) => a.box.x0 - b.box.x0)
    .map((blob) => cutoutOf(raster, labels, blob.box, new Set([blob.label]), ground));
}

/**
 * The leftmost figure on a flat ground (a turnaround's front view), found by first narrowing to
 * the first band of occupied columns so the rest of the sheet is never labelled.
 */
export function leftmostFigureOnGround(raster: Raster): Cutout | undefined {
  const ground = borderColour(raster);
  const occupied = new Uint8Array(raster.width);
  for (let x = 0; x < raster.width; x++) {
    let count = 0;
    for (let y = 0; y < raster.height; y++) {
      const i = (y * raster.width + x) * 4;
      const d = distance3(
        (raster.data[i] ?? 0) - ground[0],
        (raster.data[i + 1] ?? 0) - ground[1],
        (raster.data[i + 2] ?? 0) - ground[2],
      );
      if (d > 26) count++;
    }
    // A column belongs to a figure when it crosses a fifth of the sheet (captions do not).
    occupied[x] = count >= raster.height * 0.05 ? 1 : 0;
  }
  const start = occupied.indexOf(1);
  if (start < 0) return undefined;
  let end = start;
  while (end < raster.width && occupied[end]) end++;
  const left = Math.max(0, start - 4);
  const right = Math.min(raster.width, end + 4);
  const band = cropRaster(raster, left, 0, right - left, raster.height);
  for (let i = 3; i < band.data.length; i += 4) band.data[i] = 255;
  const figure = figuresOnGround(band, ground)[0];
  return figure ? { ...figure, left: figure.left + left } : undefined;
}

function cutoutOf(
  raster: Raster,
  labels: Int32Array,
  box: Box,
  members: ReadonlySet<number>,
  ground?: Rgb,
): Cutout {
  const mask = blobMask(labels, raster.width, box, members);
  const out = cropRaster(raster, box.x0, box.y0, mask.width, mask.height);
  for (let p = 0, i = 0; p < mask.data.length; p++, i += 4) {
    if (!mask.data[p]) {
      out.data[i + 3] = 0;
      continue;
    }
    const x = p % mask.width;
    const y = (p - x) / mask.width;
    const edge =
      x === 0 ||
      y === 0 ||
      x === mask.width - 1 ||
      y === mask.height - 1 ||
      !mask.data[p - 1] ||
      !mask.data[p + 1] ||
      !mask.data[p - mask.width] ||
      !mask.data[p + mask.width];
    if (!ground || !edge) {
      out.data[i + 3] = 255;
      continue;
    }
    // Un-blend the anti-aliased rim from the ground so the figure composites cleanly elsewhere;
    // interior pixels stay opaque even when their colour is close to the ground (white hair).
    const c: Rgb = [out.data[i] ?? 0, out.data[i + 1] ?? 0, out.data[i + 2] ?? 0];
    const d = distance3(c[0] - ground[0], c[1] - ground[1], c[2] - ground[2]);
    const alpha = Math.min(1, d / 90);
    for (let k = 0; k < 3; k++) {
      out.data[i + k] = Math.max(
        0,
        Math.min(255, Math.round(((c[k] ?? 0) - (1 - alpha) * (ground[k] ?? 0)) / alpha)),
      );
    }
    out.data[i + 3] = Math.round(alpha * 255);
  }
  return { raster: out, mask, left: box.x0, top: box.y0 };
}

/** Lifts labelled blobs out of a scene as one figure (no ground to un-blend: the mask is the figure). */
export function cutoutFromBlobs(
  raster: Raster,
  labels: Int32Array,
  box: Box,
  members: ReadonlySet<number>,
): Cutout {
  return cutoutOf(raster, labels, box, members);
}
