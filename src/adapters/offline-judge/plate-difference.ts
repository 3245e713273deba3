import type { Raster } from "../free-tier/pixels/raster.ts";
import { createMask, type Mask } from "../offline-studio/figures/mask.ts";

/**
 * Pixels that differ from the plate: figures, props, or a wrong background. A pixel that matches
 * the plate at itself or at any neighbour within `reach` counts as plate, so an alignment a pixel
 * off (or a resampled edge) does not draw the set's outlines as foreground. Where the plate has an
 * edge, a pixel that is a mix of two plate colours meeting right at it (within one pixel) also
 * counts as plate: a video frame softens every edge and moves it by a fraction of a pixel, so a
 * thin lamp pole or a window frame comes out in in-between shades that the plate itself never
 * shows at exactly that spot, and those shades used to join a figure standing next to the pole.
 */
export function differenceMask(frame: Raster, plate: Raster, threshold = 48, reach = 1): Mask {
  const mask = createMask(frame.width, frame.height);
  const { width, height } = frame;
  const limit = threshold * threshold;
  const a = frame.data;
  const b = plate.data;
  const near: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const dr0 = (a[i] as number) - (b[i] as number);
      const dg0 = (a[i + 1] as number) - (b[i + 1] as number);
      const db0 = (a[i + 2] as number) - (b[i + 2] as number);
      if (dr0 * dr0 + dg0 * dg0 + db0 * db0 <= limit) continue;
      // Only where the plate itself has an edge may a neighbour vouch for the pixel: on a flat
      // stretch of set, a thin ink line over a similar colour must still count as foreground.
      if (!plateEdge(b, width, height, x, y, reach)) {
        mask.data[y * width + x] = 1;
        continue;
      }
      near.length = 0;
      let differs = 1;
      for (let dy = -reach; dy <= reach && differs; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -reach; dx <= reach; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = (ny * width + nx) * 4;
          const dr = (a[i] as number) - (b[j] as number);
          const dg = (a[i + 1] as number) - (b[j + 1] as number);
          const db = (a[i + 2] as number) - (b[j + 2] as number);
          if (dr * dr + dg * dg + db * db <= limit) {
            differs = 0;
            break;
          }
          // Only colours meeting right at the pixel may mix into it: a figure's outline two pixels
          // from a dark edge of the set is not to be explained away as that edge, softened.
          if (dx >= -1 && dx <= 1 && dy >= -1 && dy <= 1) near.push(j);
        }
      }
      if (differs && mixOfNeighbours(a, i, b, near)) differs = 0;
      mask.data[y * width + x] = differs;
    }
  }
  return mask;
}

/**
 * How far an in-between shade may sit from the straight mix of two plate colours. Tighter than the
 * match threshold: a mix is a line through colour space, and a figure's own paint seldom lies
 * that close to the line between the two colours of the set behind it.
 */
const MIX_TOLERANCE = 18;
/** Plate colours closer than this are one colour for the mixing test. */
const SAME_PLATE_COLOUR = 12;

/** True when the frame pixel at `i` lies on the mix of two distinct plate colours among `near`. */
function mixOfNeighbours(a: Uint8Array, i: number, b: Uint8Array, near: readonly number[]): boolean {
  const distinct: number[] = [];
  for (const j of near) {
    let seen = false;
    for (const k of distinct) {
      const dr = (b[j] as number) - (b[k] as number);
      const dg = (b[j + 1] as number) - (b[k + 1] as number);
      const db = (b[j + 2] as number) - (b[k + 2] as number);
      if (dr * dr + dg * dg + db * db < SAME_PLATE_COLOUR * SAME_PLATE_COLOUR) {
        seen = true;
        break;
      }
    }
    if (!seen) distinct.push(j);
  }
  for (let m = 0; m < distinct.length; m++) {
    for (let n = m + 1; n < distinct.length; n++) {
      if (mixResidual(a, i, b, distinct[m] as number, distinct[n] as number) <= MIX_TOLERANCE) return true;
    }
  }
  return false;
}

/** Distance from colour a[i] to the segment between colours b[j] and b[k]. */
function mixResidual(a: Uint8Array, i: number, b: Uint8Array, j: number, k: number): number {
  const ur = (b[k] as number) - (b[j] as number);
  const ug = (b[k + 1] as number) - (b[j + 1] as number);
  const ub = (b[k + 2] as number) - (b[j + 2] as number);
  const vr = (a[i] as number) - (b[j] as number);
  const vg = (a[i + 1] as number) - (b[j + 1] as number);
  const vb = (a[i + 2] as number) - (b[j + 2] as number);
  const length2 = ur * ur + ug * ug + ub * ub;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, (ur * vr + ug * vg + ub * vb) / length2));
  const rr = vr - t * ur;
  const rg = vg - t * ug;
  const rb = vb - t * ub;
  return Math.sqrt(rr * rr + rg * rg + rb * rb);
}

function plateEdge(
  b: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  reach: number,
): boolean {
  const i = (y * width + x) * 4;
  for (let dy = -reach; dy <= reach; dy++) {
    const ny = y + dy;
    if (ny < 0 || ny >= height) continue;
    for (let dx = -reach; dx <= reach; dx++) {
      const nx = x + dx;
      if (nx < 0 || nx >= width) continue;
      const j = (ny * width + nx) * 4;
      const dr = (b[i] as number) - (b[j] as number);
      const dg = (b[i + 1] as number) - (b[j + 1] as number);
      const db = (b[i + 2] as number) - (b[j + 2] as number);
      if (dr * dr + dg * dg + db * db > 24 * 24) return true;
    }
  }
  return false;
}

/** Where the plate has an edge of its own (a colour change within `reach` pixels). */
export function plateEdges(plate: Raster, reach = 1): Uint8Array {
  const out = new Uint8Array(plate.width * plate.height);
  for (let y = 0; y < plate.height; y++) {
    for (let x = 0; x < plate.width; x++)
      out[y * plate.width + x] = plateEdge(plate.data, plate.width, plate.height, x, y, reach) ? 1 : 0;
  }
  return out;
}
