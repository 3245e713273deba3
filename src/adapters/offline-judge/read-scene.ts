import type { Rgb } from "../free-tier/pixels/colour.ts";
import { fitPlate, type PlateFit, type PlatePyramid, platePart } from "../free-tier/pixels/plate-fit.ts";
import { decodeRaster, imageSize, type Raster } from "../free-tier/pixels/raster.ts";
import { type Anatomy, measureAnatomy } from "../offline-studio/figures/figure-anatomy.ts";
import { type Cutout, cutoutFromBlobs } from "../offline-studio/figures/figure-cutout.ts";
import { type Box, createMask, labelBlobs, type Mask } from "../offline-studio/figures/mask.ts";
import { fillFigures } from "./fill-figures.ts";
import { differenceMask, plateEdges } from "./plate-difference.ts";

/**
 * A frame read against its plate: where the plate shows, what stands in front of it, and which
 * of those shapes read as standing figures. When the plate does not fit at all (the wrong set),
 * figures are found by the cast's own colours instead, so identity and wardrobe can still be
 * judged and the failure lands on the location alone.
 */
export interface SeenFigure {
  cut: Cutout;
  anatomy: Anatomy;
  /** The blob labels the figure was read from. */
  members: ReadonlySet<number>;
}

export interface SceneReading {
  frame: Raster;
  fit: PlateFit;
  /** The plate through the fitted window, at the frame's analysis size. */
  plate: Raster;
  labels: Int32Array;
  foreground: Mask;
  /** Every pixel that differs from the plate, props included. */
  differs: Mask;
  figures: SeenFigure[];
  /** Pixels of the figures' shapes (props and the background excluded). */
  figurePixels: Uint8Array;
  /** Share of the pixels outside the figures that show the plate. */
  backgroundMatch: number;
  foundBy: "plate" | "cast-colours";
}

const ANALYSIS_WIDTH = 640;
// Clean frames show the plate over 75% of their area, frames on another set under 40%.
const PLATE_MATCH_FOR_SEGMENTING = 0.6;

async function analysisRaster(bytes: Buffer): Promise<Raster> {
  const size = await imageSize(bytes);
  if (size.width <= ANALYSIS_WIDTH) return decodeRaster(bytes);
  return decodeRaster(bytes, {
    width: ANALYSIS_WIDTH,
    height: Math.max(1, Math.round((ANALYSIS_WIDTH * size.height) / size.width)),
  });
}

function colourMask(frame: Raster, colours: readonly Rgb[], within = 30): Mask {
  const mask = createMask(frame.width, frame.height);
  for (let p = 0, i = 0; p < mask.data.length; p++, i += 4) {
    const r = frame.data[i] ?? 0;
    const g = frame.data[i + 1] ?? 0;
    const b = frame.data[i + 2] ?? 0;
    mask.data[p] = colours.some((c) => (r - c[0]) ** 2 + (g - c[1]) ** 2 + (b - c[2]) ** 2 < within * within)
      ? 1
      : 0;
  }
  return mask;
}

/** One or more blobs read together as a figure. */
interface Group {
  members: Set<number>;
  box: Box;
  area: number;
}

function union(a: Group, parts: readonly Group[]): Group {
  const members = new Set(a.members);
  const box = { ...a.box };
  let area = a.area;
  for (const part of parts) {
    for (const m of part.members) members.add(m);
    box.x0 = Math.min(box.x0, part.box.x0);
    box.y0 = Math.min(box.y0, part.box.y0);
    box.x1 = Math.max(box.x1, part.box.x1);
    box.y1 = Math.max(box.y1, part.box.y1);
    area += part.area;
  }
  return { members, box, area };
}

/**
 * A figure can come apart where its ink meets a backdrop of nearly the same colour: the legs at
 * the waistline over a dark floor, the head at a dark collar against a dark window. These are the
 * pieces lying just below (or above) a group, mostly within its width.
 */
function piecesBeside(
  group: Group,
  groups: readonly Group[],
  alive: ReadonlySet<Group>,
  frameHeight: number,
  side: "below" | "above",
): Group[] {
  return groups.filter((part) => {
    if (part === group || !alive.has(part)) return false;
    const narrower = Math.min(part.box.x1 - part.box.x0, group.box.x1 - group.box.x0);
    const overlap = Math.min(part.box.x1, group.box.x1) - Math.max(part.box.x0, group.box.x0);
    const gap = side === "below" ? part.box.y0 - group.box.y1 : group.box.y0 - part.box.y1;
    return overlap >= narrower * 0.6 && gap >= -2 && gap <= frameHeight * 0.04;
  });
}

export async function readScene(
  frameBytes: Buffer,
  plate: PlatePyramid,
  castColours: readonly Rgb[],
  ink: Rgb,
  looseColours: readonly Rgb[],
  /** How much a reading looks like someone in the cast (0..1), to settle ambiguous shapes. */
  likeness: (anatomy: Anatomy) => number,
): Promise<SceneReading> {
  const frame = await analysisRaster(frameBytes);
  const fit = await fitPlate(frame, plate);
  const aligned = await platePart(plate.full, fit, frame.width, frame.height);
  const foundBy = fit.match >= PLATE_MATCH_FOR_SEGMENTING ? "plate" : "cast-colours";
  const area = frame.width * frame.height;
  // Two pixels of slack at the set's own edges: resampling rings and video chroma bleeds that far.
  const differs = differenceMask(frame, aligned, 32, 2);
  const shapes =
    foundBy === "plate" ? { ...differs, data: new Uint8Array(differs.data) } : colourMask(frame, castColours);
  // Loose props (lightning behind a head, a toy at someone's feet) must not join a figure.
  const props = colourMask(frame, looseColours, 20);
  for (let p = 0; p < shapes.data.length; p++) if (props.data[p]) shapes.data[p] = 0;
  const foreground = fillFigures(shapes, plateEdges(aligned), frame, ink);
  const { labels, blobs } = labelBlobs(foreground);
  const groups: Group[] = [...blobs]
    .sort((a, b) => b.area - a.area)
    .map((b) => ({ members: new Set([b.label]), box: { ...b.box }, area: b.area }));
  const alive = new Set(groups);
  const read = (group: Group) => {
    const height = group.box.y1 - group.box.y0;
    if (height < frame.height * 0.12 || group.area < area * 0.0015 || height > frame.height * 0.995)
      return undefined;
    const cut = cutoutFromBlobs(frame, labels, group.box, group.members);
    // Read the figure as drawn, and past a sliver at the crown; keep what looks more like the cast.
    const readings = [0, 1]
      .map((skipLeading) => measureAnatomy(cut, { ink, skipLeading }))
      .filter((a): a is Anatomy => a !== undefined);
    const anatomy = readings.reduce<Anatomy | undefined>(
      (best, a) => (!best || likeness(a) > likeness(best) ? a : best),
      undefined,
    );
    return anatomy ? { cut, anatomy, group } : undefined;
  };
  const merit = (reading: ReturnType<typeof read>) => (reading ? likeness(reading.anatomy) : -1);
  const figures: SeenFigure[] = [];
  for (const group of groups) {
    if (!alive.has(group)) continue;
    const below = piecesBeside(group, groups, alive, frame.height, "below");
    const above = piecesBeside(group, groups, alive, frame.height, "above");
    // Of the readings with and without the pieces beside it, keep the one that looks most like
    // someone in the cast, so a stray shape over a complete figure is never taken for its hair.
    const options = [[], below, above, [...below, ...above]].filter(
      (parts, i) => i === 0 || parts.length > 0,
    );
    let best: { parts: Group[]; reading: ReturnType<typeof read> } = { parts: [], reading: undefined };
    for (const parts of options) {
      const reading = read(union(group, parts));
      if (merit(reading) > merit(best.reading)) best = { parts, reading };
    }
    if (!best.reading) continue;
    alive.delete(group);
    for (const part of best.parts) alive.delete(part);
    figures.push({
      cut: best.reading.cut,
      anatomy: best.reading.anatomy,
      members: best.reading.group.members,
    });
  }
  const figurePixels = new Uint8Array(area);
  const figureLabels = new Set(figures.flatMap((f) => [...f.members]));
  let outside = 0;
  let matching = 0;
  for (let p = 0; p < area; p++) {
    if (figureLabels.has(labels[p] ?? 0)) {
      figurePixels[p] = 1;
      continue;
    }
    outside++;
    if (!differs.data[p]) matching++;
  }
  return {
    frame,
    fit,
    plate: aligned,
    labels,
    foreground,
    differs,
    figures,
    figurePixels,
    backgroundMatch: outside === 0 ? 0 : matching / outside,
    foundBy,
  };
}
