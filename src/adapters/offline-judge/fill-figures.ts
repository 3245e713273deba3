import { type Rgb, rgbDistance } from "../free-tier/pixels/colour.ts";
import type { Raster } from "../free-tier/pixels/raster.ts";
import { closeMask, createMask, fillHoles, type Mask, openMask } from "../offline-studio/figures/mask.ts";

/**
 * From "pixels that differ from the plate" to whole figures: the inside of an outlined figure is
 * filled even where its paint matches the set behind it (a black jacket in front of a black TV,
 * a pale face in front of a pale wall), because the figure's ink encloses it. A window pane boxed
 * in by a head and the set's own edges is not filled: its rim runs along the plate's edges.
 */

/**
 * A hole whose rim runs mostly along the plate's own edges is part of the set (a window pane
 * boxed in by noise and a head), not the inside of a figure, which is rimmed by the figure's ink.
 * Returns, per hole label, whether it may be filled.
 */
function holesInsideFigures(region: Int32Array, labels: number, mask: Mask, edges: Uint8Array): boolean[] {
  const { width, height } = mask;
  const rim = new Int32Array(labels);
  const onEdge = new Int32Array(labels);
  for (let i = 0; i < region.length; i++) {
    const label = region[i] as number;
    if (label === 0) continue;
    const x = i % width;
    const y = (i - x) / width;
    const next = [
      x > 0 ? i - 1 : -1,
      x < width - 1 ? i + 1 : -1,
      y > 0 ? i - width : -1,
      y < height - 1 ? i + width : -1,
    ];
    for (const j of next) {
      if (j < 0 || !mask.data[j]) continue;
      rim[label] = (rim[label] ?? 0) + 1;
      if (edges[j]) onEdge[label] = (onEdge[label] ?? 0) + 1;
    }
  }
  return Array.from(
    { length: labels },
    (_, label) => (rim[label] ?? 0) === 0 || (onEdge[label] ?? 0) / (rim[label] ?? 1) <= 0.6,
  );
}

/** How far (in pixels) an outline is followed through ink-coloured set before it is given up. */
const OUTLINE_REACH = 6;
const INK_LIKE = 30;

/**
 * Pixels of the figures' ink that the plate explains away: ink-coloured pixels that continue the
 * foreground a few steps into stretches of dark set (a jaw line drawn across a TV's dark frame
 * matches the frame, so the difference from the plate loses the outline exactly there).
 */
function hiddenOutline(shapes: Mask, frame: Raster, ink: Rgb): Mask {
  const { width, height } = shapes;
  const out = createMask(width, height);
  const depth = new Int16Array(width * height).fill(-1);
  const queue: number[] = [];
  for (let p = 0; p < shapes.data.length; p++) {
    if (!shapes.data[p]) continue;
    depth[p] = 0;
    queue.push(p);
  }
  for (let head = 0; head < queue.length; head++) {
    const p = queue[head] as number;
    const d = depth[p] as number;
    if (d >= OUTLINE_REACH) continue;
    const x = p % width;
    const y = (p - x) / width;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const q = ny * width + nx;
        if (depth[q] !== -1) continue;
        const colour: Rgb = [frame.data[q * 4] ?? 0, frame.data[q * 4 + 1] ?? 0, frame.data[q * 4 + 2] ?? 0];
        if (rgbDistance(colour, ink) > INK_LIKE) continue;
        depth[q] = d + 1;
        out.data[q] = 1;
        queue.push(q);
      }
    }
  }
  return out;
}

/**
 * `shapes` is what differs from the plate (loose props left out); `edges` marks the plate's own
 * edges. Holes up to a large torso are filled. Where an outline crosses a stretch of set painted
 * in nearly the ink's colour the outline is lost there, and the face inside leaks out through the
 * gap; in a soft video frame such gaps grow by a pixel or two. So holes are also looked for with
 * the hidden outline restored and gaps up to five pixels closed, and a hole found that way (no
 * larger than a big face) is filled too, without the pixels that closed it.
 */
export function fillFigures(shapes: Mask, edges: Uint8Array, frame: Raster, ink: Rgb): Mask {
  const area = shapes.width * shapes.height;
  const closed = closeMask(shapes, 1);
  const filled = fillHoles(closed, area * 0.04, (region, labels) =>
    holesInsideFigures(region, labels, closed, edges),
  );
  const outline = hiddenOutline(shapes, frame, ink);
  for (let p = 0; p < area; p++) if (shapes.data[p]) outline.data[p] = 1;
  const sealed = closeMask(outline, 2);
  const sealedFilled = fillHoles(sealed, area * 0.015, (region, labels) =>
    holesInsideFigures(region, labels, sealed, edges),
  );
  for (let p = 0; p < area; p++) if (sealedFilled.data[p] && !sealed.data[p]) filled.data[p] = 1;
  return openMask(filled, 1);
}
