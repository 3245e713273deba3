import { type Rgb, rgbToHex } from "../../free-tier/pixels/colour.ts";
import type { CharacterDesign } from "./demo-cast.ts";
import { bodySvg } from "./draw-body.ts";
import { hairLayers, type View } from "./draw-hair.ts";
import { headSvg } from "./draw-head.ts";
import { figureGeometry } from "./figure-geometry.ts";
import type { Outfit } from "./outfit.ts";
import { n, renderSvg, svgDocument } from "./svg.ts";

export type { View } from "./draw-hair.ts";

export interface FigurePlacement {
  view?: View;
  /** Crown to soles, px (hair volume may rise above the crown). */
  heightPx: number;
  /** Centre line of the figure. */
  x: number;
  /** Soles of the feet. */
  footY: number;
  strokeWidth: number;
}

/** Optional off-model overrides, for drawing a deliberately wrong figure by hand. */
export interface DesignOverride {
  hair?: Rgb;
  skin?: Rgb;
  build?: number;
  hairStyle?: CharacterDesign["hairStyle"];
}

export function withOverride(design: CharacterDesign, override: DesignOverride = {}): CharacterDesign {
  return {
    ...design,
    hair: override.hair ? rgbToHex(override.hair) : design.hair,
    skin: override.skin ? rgbToHex(override.skin) : design.skin,
    build: override.build ?? design.build,
    hairStyle: override.hairStyle ?? design.hairStyle,
  };
}

/** How far a figure may reach beyond its centre line and above its crown, for layout. */
export function figureExtent(design: CharacterDesign, heightPx: number, strokeWidth: number) {
  const g = figureGeometry(design, heightPx);
  return { halfWidth: Math.max(g.width / 2, 0.9 * g.head) + strokeWidth, above: 0.35 * g.head + strokeWidth };
}

/** One figure as an SVG group, painted back to front: hair behind, body, face, hair in front. */
export function characterSvg(design: CharacterDesign, outfit: Outfit, placement: FigurePlacement): string {
  const view = placement.view ?? "front";
  const g = figureGeometry(design, placement.heightPx);
  const sw = placement.strokeWidth;
  const toy = design.kind === "toy";
  const hair = hairLayers(design.hairStyle, view, g.head, design.hair, sw);
  const inner =
    hair.behind +
    bodySvg(g, outfit, design.skin, view, sw, toy) +
    headSvg(view, g.head, design.skin, design.eyes, sw, toy) +
    hair.front;
  return `<g transform="translate(${n(placement.x)},${n(placement.footY - placement.heightPx)})">${inner}</g>`;
}

/** A single figure on a transparent canvas just large enough for it. */
export async function drawCharacter(
  design: CharacterDesign,
  outfit: Outfit,
  options: { heightPx: number; view?: View; strokeWidth?: number },
): Promise<Buffer> {
  const sw = options.strokeWidth ?? Math.max(1.2, options.heightPx * 0.007);
  const extent = figureExtent(design, options.heightPx, sw);
  const width = Math.ceil(extent.halfWidth * 2 + 4);
  const height = Math.ceil(options.heightPx + extent.above + sw + 4);
  const group = characterSvg(design, outfit, {
    view: options.view,
    heightPx: options.heightPx,
    x: width / 2,
    footY: height - sw - 2,
    strokeWidth: sw,
  });
  return renderSvg(svgDocument(width, height, width, height, group));
}
