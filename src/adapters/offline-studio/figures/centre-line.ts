import { distance3, type Rgb, rgbDistance } from "../../free-tier/pixels/colour.ts";
import type { Cutout } from "./figure-cutout.ts";

/**
 * The colours straight down a figure's centre line, as runs of rows. The line is read through a
 * strip a few pixels wide, and each row's colour is the median of the strip's paint with the ink
 * left out: on a small figure in a video frame the pieces of hair between inked curls are two or
 * three pixels each and their colour bleeds into the ink, so a single column of pixels (or their
 * mean) swings between hair and ink from row to row while most of a strip still shows the hair.
 * A run's colour is then the commonest colour of its rows, not their average: blended rows at
 * its ends and a video's chroma smear near ink spread over many shades, the paint fills one.
 */
export interface Run {
  start: number;
  end: number;
  colour: Rgb;
}

export const SAME_COLOUR = 30;
/** A pixel this close to the ink is outline, not paint, when there is paint beside it in the strip. */
const INK_NEAR = 26;

/** Half-width of the strip read as the centre line, in pixels, for a figure this many rows tall. */
export function stripHalfWidth(height: number): number {
  return Math.max(1, Math.round(height * 0.012));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface StripPixels {
  all: Rgb[];
  paint: Rgb[];
}

function pixelsBetween(cut: Cutout, y: number, from: number, to: number, ink: Rgb): StripPixels {
  const { width } = cut.mask;
  const all: Rgb[] = [];
  const paint: Rgb[] = [];
  for (let x = Math.max(0, from); x <= Math.min(width - 1, to); x++) {
    if (!cut.mask.data[y * width + x]) continue;
    const i = (y * width + x) * 4;
    const colour: Rgb = [cut.raster.data[i] ?? 0, cut.raster.data[i + 1] ?? 0, cut.raster.data[i + 2] ?? 0];
    all.push(colour);
    if (rgbDistance(colour, ink) >= INK_NEAR) paint.push(colour);
  }
  return { all, paint };
}

/** How much wider the strip looks on a row where it sees mostly ink. */
const WIDEN = 4;

/**
 * The strip's pixels on one row, and those of them that are paint rather than ink. Where the strip
 * sees mostly ink it looks wider (inside the silhouette's rim) before calling the row ink: dark
 * hair between inked curls differs from the ink in hue alone, and a video keeps hue at half
 * resolution, so on a small head the centre of every curl may read as ink while the curls beside
 * it still show the hair. A true outline (the top of the head) is ink however wide one looks.
 */
function stripPixels(cut: Cutout, axis: number, half: number, y: number, ink: Rgb): StripPixels {
  const narrow = pixelsBetween(cut, y, axis - half, axis + half, ink);
  if (narrow.paint.length * 3 >= narrow.all.length) return narrow;
  const { width } = cut.mask;
  let left = axis;
  let right = axis;
  while (left > 0 && cut.mask.data[y * width + left - 1]) left--;
  while (right < width - 1 && cut.mask.data[y * width + right + 1]) right++;
  const wide = pixelsBetween(
    cut,
    y,
    Math.max(left + 1, axis - half * WIDEN),
    Math.min(right - 1, axis + half * WIDEN),
    ink,
  );
  return wide.paint.length * 3 >= wide.all.length ? wide : narrow;
}

/** The paint when it is a fair share of the pixels (a third), else all of them: then it is ink. */
function paintOrAll(pixels: StripPixels): Rgb[] {
  return pixels.paint.length > 0 && pixels.paint.length * 3 >= pixels.all.length ? pixels.paint : pixels.all;
}

function medianColour(pixels: readonly Rgb[]): Rgb {
  return [median(pixels.map((p) => p[0])), median(pixels.map((p) => p[1])), median(pixels.map((p) => p[2]))];
}

/** Pixels within this distance of each other show the same paint, give or take a video's noise. */
const SAME_PAINT = 15;
/** Candidates tried as the densest colour: enough to land on any colour that fills a tenth of the pixels. */
const CANDIDATES = 64;

/**
 * The commonest colour among pixels and how many pixels show it: the colour with the most pixels
 * within a small distance of it, measured as the median of those pixels. Fixed bins would split a
 * flat colour that happens to straddle a bin edge and hand the count to a smear beside it.
 */
export function colourMode(pixels: readonly Rgb[]): { colour: Rgb; support: number } | undefined {
  if (pixels.length === 0) return undefined;
  const step = Math.max(1, Math.ceil(pixels.length / CANDIDATES));
  const limit = SAME_PAINT * SAME_PAINT;
  let best = { index: 0, support: -1 };
  for (let c = 0; c < pixels.length; c += step) {
    const [r, g, b] = pixels[c] as Rgb;
    let support = 0;
    for (const p of pixels) if ((p[0] - r) ** 2 + (p[1] - g) ** 2 + (p[2] - b) ** 2 <= limit) support++;
    if (support > best.support) best = { index: c, support };
  }
  const [r, g, b] = pixels[best.index] as Rgb;
  const near = pixels.filter((p) => (p[0] - r) ** 2 + (p[1] - g) ** 2 + (p[2] - b) ** 2 <= limit);
  return { colour: medianColour(near), support: near.length };
}

/**
 * True when `colour` lies on the mix between `a` and `b` with at most `share` of b in it (by
 * default nearer a than b): an anti-aliased edge.
 */
export function blendOf(colour: Rgb, a: Rgb, b: Rgb, share = 0.8, tolerance = 18): boolean {
  const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const ac = [colour[0] - a[0], colour[1] - a[1], colour[2] - a[2]];
  const length2 = (ab[0] ?? 0) ** 2 + (ab[1] ?? 0) ** 2 + (ab[2] ?? 0) ** 2;
  if (length2 === 0) return false;
  const t =
    ((ab[0] ?? 0) * (ac[0] ?? 0) + (ab[1] ?? 0) * (ac[1] ?? 0) + (ab[2] ?? 0) * (ac[2] ?? 0)) / length2;
  if (t < 0 || t > share) return false;
  const residual = distance3(
    (ac[0] ?? 0) - t * (ab[0] ?? 0),
    (ac[1] ?? 0) - t * (ab[1] ?? 0),
    (ac[2] ?? 0) - t * (ab[2] ?? 0),
  );
  return residual < tolerance;
}

/** Colour runs down the centre line; short runs (outlines, a mouth) are dropped and neighbours re-merged. */
export function centreRuns(
  cut: Cutout,
  axis: number,
  top: number,
  bottom: number,
  minRun: number,
  ink: Rgb,
): Run[] {
  const half = stripHalfWidth(bottom - top + 1);
  const runs: (Run & { first: Rgb; sum: [number, number, number]; n: number })[] = [];
  let current: (typeof runs)[number] | undefined;
  // An outline is a few rows thick at most: a longer stretch that looks like ink mixed into the
  // current run is paint of its own (grey hair under a one-row sliver of outline and wall).
  const thickestOutline = Math.max(4, Math.round((bottom - top + 1) * 0.025));
  const skipped: { y: number; colour: Rgb }[] = [];
  for (let y = top; y <= bottom; y++) {
    const pixels = paintOrAll(stripPixels(cut, axis, half, y, ink));
    if (pixels.length === 0) {
      current = undefined;
      skipped.length = 0;
      continue;
    }
    const colour = medianColour(pixels);
    // Ink crossing the line (the outlines of separately drawn curls) does not end a run: on a small
    // figure the pieces of hair between outlines are a pixel or two each.
    // (Dark hair close to the ink is left alone: there ink and hair already read as one run.)
    const skippable =
      current &&
      rgbDistance(current.colour, ink) >= SAME_COLOUR * 1.5 &&
      y - (skipped[0]?.y ?? y) < thickestOutline;
    if (
      current &&
      skippable &&
      (rgbDistance(colour, ink) < SAME_COLOUR || blendOf(colour, ink, current.colour))
    ) {
      skipped.push({ y, colour });
      continue;
    }
    // A run follows its running mean, but may not drift far from where it began: a blurred edge
    // walks from one colour to the next in small steps.
    if (
      current &&
      rgbDistance(colour, current.colour) < SAME_COLOUR &&
      rgbDistance(colour, current.first) < SAME_COLOUR * 1.5
    ) {
      current.end = y;
      current.sum[0] += colour[0];
      current.sum[1] += colour[1];
      current.sum[2] += colour[2];
      current.n++;
      current.colour = [current.sum[0] / current.n, current.sum[1] / current.n, current.sum[2] / current.n];
    } else {
      current = { start: y, end: y, colour, first: colour, sum: [colour[0], colour[1], colour[2]], n: 1 };
      runs.push(current);
      // Rows just passed over as outline that show this run's own paint were its first rows.
      for (let k = skipped.length - 1; k >= 0; k--) {
        const row = skipped[k] as { y: number; colour: Rgb };
        if (rgbDistance(row.colour, colour) >= SAME_COLOUR) break;
        current.start = row.y;
      }
    }
    skipped.length = 0;
  }
  // Short interruptions (a mouth, a chin line) are noise: a run that matches the previous kept
  // run's colour after a small gap extends it; other short runs are dropped. Runs are compared by
  // their commonest colour: the few rows between a mouth and a collar average to a shade of their
  // own in a soft frame, though most of them are the skin above.
  const merged: Run[] = [];
  for (const raw of runs) {
    const run = { start: raw.start, end: raw.end, colour: coreColour(cut, axis, half, raw, ink) };
    const last = merged[merged.length - 1];
    if (last && rgbDistance(last.colour, run.colour) < SAME_COLOUR && run.start - last.end <= minRun * 2)
      last.end = run.end;
    else if (run.end - run.start + 1 >= minRun) merged.push(run);
  }
  return merged.map((run) => ({ ...run, colour: coreColour(cut, axis, half, run, ink) }));
}

/** How far the chroma smear of a small patch next to ink can pull its colour, at most. */
const SMEAR = 35;

/**
 * The run's colour from its core rows, free of the blended rows at its ends. Where paint and ink
 * alternate (dark hair between inked curls, ginger tufts) a video frame shows the paint, the ink
 * and a range of mixes, and on a small figure the mixes can outnumber the paint: a video keeps
 * colour at half the resolution of brightness, so paint beside ink takes on some of the ink's
 * hue. Of the colours that are a fair share of the rows, the commonest that is not ink-like is the
 * paint, or rather the one farthest from the ink among it and its smeared copies close to it; if
 * none is paint, the run is ink.
 */
function coreColour(cut: Cutout, axis: number, half: number, run: Run, ink: Rgb): Rgb {
  const margin = Math.floor((run.end - run.start + 1) * 0.2);
  const near = (c: Rgb) => rgbDistance(c, run.colour) <= SAME_COLOUR * 1.5;
  let rest: Rgb[] = [];
  for (let y = run.start + margin; y <= run.end - margin; y++)
    rest.push(...stripPixels(cut, axis, half, y, ink).all.filter(near));
  const total = rest.length;
  const modes: Rgb[] = [];
  for (let k = 0; k < 3 && rest.length > 0; k++) {
    const mode = colourMode(rest);
    if (!mode || mode.support < total * 0.15) break;
    modes.push(mode.colour);
    const [r, g, b] = mode.colour;
    rest = rest.filter((p) => (p[0] - r) ** 2 + (p[1] - g) ** 2 + (p[2] - b) ** 2 > SAME_PAINT * SAME_PAINT);
  }
  const paint = modes.filter((m) => rgbDistance(m, ink) >= SAME_COLOUR);
  const commonest = paint[0] ?? modes[0];
  if (!commonest) return run.colour;
  return modes
    .filter((m) => rgbDistance(m, commonest) <= SMEAR)
    .reduce((a, b) => (rgbDistance(b, ink) > rgbDistance(a, ink) ? b : a));
}
