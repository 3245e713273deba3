import type { CharacterDesign } from "./demo-cast.ts";
import { demoLocation, PLATE_FRAME } from "./demo-locations.ts";
import { characterSvg } from "./draw-character.ts";
import type { Outfit } from "./outfit.ts";
import { n, renderSvg } from "./svg.ts";

/**
 * A still drawn by hand in the studio's style, straight from designs rather than through the
 * panel model: a plate with figures standing on it. Tests and benchmarks use it to make panels
 * (good or deliberately wrong) that no generator had a hand in.
 */
export interface StillFigure {
  design: CharacterDesign;
  outfit: Outfit;
  /** Centre line as a share of the frame width. */
  x: number;
  /** Height of the tallest possible character (stature 1) as a share of the frame height. */
  scale?: number;
}

export interface StillOptions {
  locationId: string;
  width: number;
  height: number;
  figures: readonly StillFigure[];
}

export function stillSvg(options: StillOptions): string {
  const { width, height } = options;
  const plate = `<g transform="scale(${n(width / PLATE_FRAME.width)},${n(height / PLATE_FRAME.height)})">${demoLocation(options.locationId).svg}</g>`;
  const strokeWidth = Math.max(1.2, height * 0.004);
  const figures = options.figures
    .map((f) =>
      characterSvg(f.design, f.outfit, {
        heightPx: f.design.height * (f.scale ?? 0.62) * height,
        x: f.x * width,
        footY: height * 0.93,
        strokeWidth,
      }),
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${plate}${figures}</svg>`;
}

export async function drawStill(options: StillOptions): Promise<Buffer> {
  return renderSvg(stillSvg(options));
}
