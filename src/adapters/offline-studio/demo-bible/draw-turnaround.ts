import type { CharacterDesign } from "./demo-cast.ts";
import { characterSvg, type View } from "./draw-character.ts";
import { NEUTRAL_OUTFIT, type Outfit } from "./outfit.ts";
import { renderSvg, svgDocument } from "./svg.ts";

/**
 * A model sheet as a studio makes one: the character in a neutral outfit from the front, three
 * quarters, the side and the back, side by side on a flat neutral ground with small captions.
 * Every sheet shares one scale (the tallest character fills 76% of the height), so relative
 * heights survive into panels. Drawn in a 1280x720 frame and rendered at any 16:9 size.
 */
export const TURNAROUND_BACKGROUND = "#ecebe7";
const FRAME = { width: 1280, height: 720 };
const VIEWS: { view: View; label: string }[] = [
  { view: "front", label: "FRONT" },
  { view: "three-quarter", label: "3/4" },
  { view: "side", label: "SIDE" },
  { view: "back", label: "BACK" },
];

export function turnaroundSvg(
  design: CharacterDesign,
  size = FRAME,
  outfit: Outfit = NEUTRAL_OUTFIT,
): string {
  const heightPx = design.height * 0.76 * FRAME.height;
  const footY = 0.87 * FRAME.height;
  const strokeWidth = 0.006 * FRAME.height;
  const columns = VIEWS.map(({ view, label }, i) => {
    const x = (FRAME.width / VIEWS.length) * (i + 0.5);
    const figure = characterSvg(design, outfit, { view, heightPx, x, footY, strokeWidth });
    const caption = `<text x="${x}" y="${0.95 * FRAME.height}" font-family="DejaVu Sans" font-size="18" fill="#a19d94" text-anchor="middle">${label}</text>`;
    return figure + caption;
  }).join("");
  const title = `<text x="${FRAME.width - 16}" y="24" font-family="DejaVu Sans" font-size="16" fill="#a19d94" text-anchor="end">${design.name.toUpperCase()} · TURNAROUND · APPROVED</text>`;
  const ground = `<rect width="${FRAME.width}" height="${FRAME.height}" fill="${TURNAROUND_BACKGROUND}"/>`;
  return svgDocument(size.width, size.height, FRAME.width, FRAME.height, ground + columns + title);
}

export async function drawTurnaround(
  design: CharacterDesign,
  size = FRAME,
  outfit: Outfit = NEUTRAL_OUTFIT,
): Promise<Buffer> {
  return renderSvg(turnaroundSvg(design, size, outfit));
}
