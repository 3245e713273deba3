import { createMask, type Mask } from "./mask.ts";
import type { Raster } from "./raster.ts";

/**
 * Pixels that differ from the plate: figures, props, or a wrong background. A pixel that matches
 * the plate at itself or at any neighbour within `reach` counts as plate, so an alignment a pixel
 * off (or a resampled edge) does not draw the set's outlines as foreground.
 */
export function differenceMask(frame: Raster, plate: Raster, threshold = 48, reach = 1): Mask {
  const mask = createMask(frame.width, frame.height);
  const { width, height } = frame;
  const limit = threshold * threshold;
  const a = frame.data;
  const b = plate.data;
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
        }
      }
      mask.data[y * width + x] = differs;
    }
  }
  return mask;
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
