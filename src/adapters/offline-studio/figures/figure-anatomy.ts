import { type Rgb, rgbDistance } from "../../free-tier/pixels/colour.ts";
import { blendOf, centreRuns, colourMode, type Run, SAME_COLOUR } from "./centre-line.ts";
import type { Cutout } from "./figure-cutout.ts";

/**
 * Reads a standing figure the way the studio draws one: straight down the centre line the
 * first colour is hair, the next is skin (face and neck), and the garments start where the skin
 * ends. Everything else (build, hair shape, where to look for the top and the trousers) is
 * measured relative to that line, so it holds at any scale and in any outfit.
 */
export interface Anatomy {
  /** Rows and columns inside the cutout. */
  top: number;
  bottom: number;
  height: number;
  axis: number;
  hair: Rgb;
  skin: Rgb;
  /** Row where the skin run (face and neck) ends: the shoulder line. */
  headBottom: number;
  /** (headBottom - top) / height: children have big heads. */
  headRatio: number;
  /** Width across shoulders and arms over height. */
  aspect: number;
  torsoWidth: number;
  /** Lowest hair row below the crown, in head heights: long hair falls past 1. */
  hairLength: number;
  /** Widest hair row over the torso width. */
  hairWidth: number;
  hairMask: Uint8Array;
  /** Cutout-local rows of the top garment and of the trousers/skirt. */
  topBand: [number, number];
  bottomBand: [number, number];
}

/** Hair and face differ at least this much in every design of the studio's style. */
const HAIR_TO_SKIN = 45;

function rowExtent(cut: Cutout, y: number): [number, number] | undefined {
  const { width } = cut.mask;
  let min = -1;
  let max = -1;
  for (let x = 0; x < width; x++) {
    if (cut.mask.data[y * width + x]) {
      if (min < 0) min = x;
      max = x;
    }
  }
  return min < 0 ? undefined : [min, max];
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * The ink colour: what most often sits just inside the silhouette's left and right edges.
 * Ink crossing the centre line (the top of a cap, a fin's rim) must not be read as hair.
 */
export function inkColour(cut: Cutout, top: number, bottom: number): Rgb {
  const { width } = cut.mask;
  const counts = new Map<number, { n: number; colour: Rgb }>();
  for (let y = top; y <= bottom; y += 2) {
    const extent = rowExtent(cut, y);
    if (!extent) continue;
    for (const x of [extent[0] + 1, extent[1] - 1]) {
      const i = (y * width + x) * 4;
      const colour: Rgb = [cut.raster.data[i] ?? 0, cut.raster.data[i + 1] ?? 0, cut.raster.data[i + 2] ?? 0];
      const key = ((colour[0] >> 4) << 8) | ((colour[1] >> 4) << 4) | (colour[2] >> 4);
      const entry = counts.get(key) ?? { n: 0, colour };
      entry.n++;
      counts.set(key, entry);
    }
  }
  let best: { n: number; colour: Rgb } = { n: 0, colour: [0, 0, 0] };
  for (const entry of counts.values()) if (entry.n > best.n) best = entry;
  return best.colour;
}

/**
 * Hair pixels connected to the crown. Separately inked locks (a fringe over a cloud of curls)
 * are joined by stepping across ink no thicker than `bridge` pixels.
 */
/**
 * A silhouette's rim pixel is the outline mixed with whatever stands behind the figure; a grey
 * wall seen through that mix can pass for grey hair and lead the hair down the side of the face.
 */
function onRim(cut: Cutout, p: number): boolean {
  const { width, data } = cut.mask;
  const x = p % width;
  return x === 0 || x === width - 1 || !data[p - 1] || !data[p + 1] || !data[p - width] || !data[p + width];
}

function hairMaskOf(
  cut: Cutout,
  axis: number,
  seeds: Run[],
  hair: Rgb,
  ink: Rgb,
  bridge: number,
): Uint8Array {
  const { width, height } = cut.mask;
  const out = new Uint8Array(width * height);
  // Remaining ink steps allowed when a pixel was reached; -1 means not reached yet.
  const budget = new Int16Array(width * height).fill(-1);
  const stack: number[] = [];
  for (const run of seeds) {
    for (let y = run.start; y <= run.end; y++) {
      const p = y * width + axis;
      out[p] = 1;
      budget[p] = bridge;
      stack.push(p);
    }
  }
  while (stack.length > 0) {
    const p = stack.pop() as number;
    const x = p % width;
    const left = budget[p] as number;
    const neighbours = [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width];
    for (const q of neighbours) {
      if (q < 0 || q >= out.length || !cut.mask.data[q] || onRim(cut, q)) continue;
      const i = q * 4;
      const c: Rgb = [cut.raster.data[i] ?? 0, cut.raster.data[i + 1] ?? 0, cut.raster.data[i + 2] ?? 0];
      const hairLike = rgbDistance(c, hair) <= 30 && rgbDistance(c, hair) < rgbDistance(c, ink);
      const next = hairLike ? bridge : left - 1;
      if (next < 0 || next <= (budget[q] as number)) continue;
      if (!hairLike && rgbDistance(c, ink) > 60) continue;
      budget[q] = next;
      if (hairLike) out[q] = 1;
      stack.push(q);
    }
  }
  return out;
}

/** Undefined when the shape does not read as a standing figure (no hair-then-skin centre line). */
export function measureAnatomy(
  cut: Cutout,
  options: { ink?: Rgb; skipLeading?: number } = {},
): Anatomy | undefined {
  const { width, height: rows } = cut.mask;
  // Top and bottom are the first and last rows of substance: a hairline of noise (a lamp pole's
  // compressed edge touching a head) must not stretch the figure.
  const counts = new Array<number>(rows).fill(0);
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < width; x++) counts[y] = (counts[y] ?? 0) + (cut.mask.data[y * width + x] ?? 0);
  const substance = Math.max(3, Math.max(...counts) * 0.1);
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < rows; y++) {
    if ((counts[y] ?? 0) >= substance) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  let height = bottom - top + 1;
  if (top < 0 || height < 24) return undefined;
  const mids: number[] = [];
  for (let y = Math.round(top + 0.6 * height); y <= top + 0.9 * height; y++) {
    const extent = rowExtent(cut, y);
    if (extent) mids.push((extent[0] + extent[1]) / 2);
  }
  const axis = Math.round(median(mids));
  if (!Number.isFinite(axis)) return undefined;
  const ink = options.ink ?? inkColour(cut, top, bottom);
  const all = centreRuns(cut, axis, top, bottom, Math.max(2, Math.round(height * 0.018)), ink);
  const short = (run: Run) => run.end - run.start < 0.06 * height;
  // Ink, or ink anti-aliased into its neighbour, is the outline crossing the centre line.
  const isInk = (run: Run, i: number) =>
    short(run) &&
    (rgbDistance(run.colour, ink) < SAME_COLOUR ||
      [all[i - 1], all[i + 1]].some((next) => next !== undefined && blendOf(run.colour, ink, next.colour)));
  const kept = all.filter((run, i) => !isInk(run, i));
  // A caller may read past a sliver at the crown (a blurred spike tip) to compare readings.
  const skip = options.skipLeading ?? 0;
  if (skip > 0 && kept.slice(0, skip).some((run) => run.end - run.start + 1 >= height * 0.03))
    return undefined;
  const runs = kept.slice(skip);
  const first = runs[0];
  if (!first || first.start > top + 0.15 * height) return undefined;
  // The crown is on the centre line in this style: anything higher in the shape is not the figure
  // (a compressed edge of the set touching the head).
  if (first.start > top) {
    top = first.start;
    height = bottom - top + 1;
  }
  // Hair may reach the centre line in several inked pieces (a crest above a cap): they form one
  // group until a clearly different colour of some length, the face, begins. Slivers between
  // them (hair blurred into ink) belong to neither.
  const hairRuns: Run[] = [first];
  let skinRun: Run | undefined;
  for (const run of runs.slice(1)) {
    if (rgbDistance(run.colour, first.colour) < HAIR_TO_SKIN) hairRuns.push(run);
    else if (run.end - run.start + 1 >= height * 0.03) {
      skinRun = run;
      break;
    }
  }
  // The hair's colour comes from its longest piece that is paint: a fringe of dark curls can read
  // as a long stretch of ink-and-hair mix in a soft frame, and is not the colour to look for.
  const painted = hairRuns.filter((run) => rgbDistance(run.colour, ink) >= SAME_COLOUR);
  const hairRun = (painted.length > 0 ? painted : hairRuns).reduce((a, b) =>
    b.end - b.start > a.end - a.start ? b : a,
  );
  if (!skinRun || skinRun.start > top + 0.45 * height) return undefined;
  const headBottom = skinRun.end + 1;
  const body = bottom - headBottom;
  if (body < height * 0.3) return undefined;
  const widths: number[] = [];
  for (let y = Math.round(headBottom + 0.22 * body); y <= headBottom + 0.36 * body; y++) {
    const extent = rowExtent(cut, y);
    if (extent) widths.push(extent[1] - extent[0] + 1);
  }
  const torsoWidth = median(widths);
  const hairMask = hairMaskOf(
    cut,
    axis,
    hairRuns,
    hairRun.colour,
    ink,
    Math.max(2, Math.round(height * 0.018)),
  );
  let hairLowest = top;
  let hairWidest = 0;
  for (let y = top; y <= bottom; y++) {
    let min = -1;
    let max = -1;
    for (let x = 0; x < width; x++) {
      if (hairMask[y * width + x]) {
        if (min < 0) min = x;
        max = x;
      }
    }
    if (min >= 0) {
      hairLowest = y;
      hairWidest = Math.max(hairWidest, max - min + 1);
    }
  }
  const head = headBottom - top;
  const hairPixels = maskMode(cut, hairMask);
  return {
    top,
    bottom,
    height,
    axis,
    // The whole hair region's commonest colour is steadier than the centre line's under blur.
    hair: hairPixels ?? hairRun.colour,
    skin: skinRun.colour,
    headBottom,
    headRatio: head / height,
    aspect: torsoWidth / height,
    torsoWidth,
    hairLength: (hairLowest - top) / head,
    hairWidth: hairWidest / torsoWidth,
    hairMask,
    topBand: [Math.round(headBottom + 0.1 * body), Math.round(headBottom + 0.42 * body)],
    bottomBand: [Math.round(headBottom + 0.6 * body), Math.round(headBottom + 0.88 * body)],
  };
}

/** The commonest colour of the masked pixels: blends with ink spread thin, the hair itself is one colour. */
function maskMode(cut: Cutout, mask: Uint8Array): Rgb | undefined {
  const pixels: Rgb[] = [];
  for (let p = 0; p < mask.length; p++)
    if (mask[p])
      pixels.push([
        cut.raster.data[p * 4] ?? 0,
        cut.raster.data[p * 4 + 1] ?? 0,
        cut.raster.data[p * 4 + 2] ?? 0,
      ]);
  return pixels.length < 8 ? undefined : colourMode(pixels)?.colour;
}
