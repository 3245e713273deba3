import { rgbToHex } from "../../free-tier/pixels/colour.ts";
import { n, OUTLINE, stroked } from "../demo-bible/svg.ts";
import { propSignature } from "../figures/prop-signatures.ts";
import { FLOOR_LINE, type Placement } from "./panel-layout.ts";

/**
 * Props the offline model can paint cheaply, in the colours the judge looks for: dinosaur toys
 * in the foreground between the figures, a phone or keys in someone's hand, lightning in the
 * window. Props it cannot paint are left to the plate or not drawn at all.
 */
export interface PlacedFigure {
  id: string;
  placement: Placement;
  /** Hands in panel pixels. */
  hands: { leftX: number; rightX: number; y: number };
}

export interface PropScene {
  width: number;
  height: number;
  figures: readonly PlacedFigure[];
  /** Where the sky shows (a window), in panel pixels, when it is in view. */
  sky?: { x: number; y: number; width: number; height: number };
}

function holderOf(prop: string, figures: readonly PlacedFigure[]): PlacedFigure | undefined {
  const text = prop.toLowerCase();
  return figures.find((f) => text.includes(f.id.toLowerCase())) ?? figures[0];
}

function toy(x: number, bottom: number, size: number, colour: string, sw: number): string {
  const shape: [number, number][] = [
    [-1, 0],
    [-0.7, -0.45],
    [0.1, -0.55],
    [0.35, -1],
    [0.75, -0.95],
    [0.7, -0.65],
    [0.45, -0.55],
    [0.55, 0],
    [0.25, 0],
    [0.2, -0.25],
    [-0.3, -0.2],
    [-0.35, 0],
  ];
  const d = shape
    .map(([px, py], i) => `${i === 0 ? "M" : "L"}${n(x + px * size)},${n(bottom + py * size)}`)
    .join("");
  return `<path d="${d}Z" fill="${colour}" ${stroked(sw)}/>`;
}

/** Gaps between figures (and the margins) where a toy fits, widest first. */
function toySpots(scene: PropScene, size: number): number[] {
  const edges = [
    0,
    ...scene.figures.flatMap((f) => [f.placement.left, f.placement.left + f.placement.width]),
    scene.width,
  ];
  const spots: { x: number; room: number }[] = [];
  for (let i = 0; i + 1 < edges.length; i += 2) {
    const room = (edges[i + 1] ?? 0) - (edges[i] ?? 0);
    if (room > size * 2.6) spots.push({ x: ((edges[i] ?? 0) + (edges[i + 1] ?? 0)) / 2, room });
  }
  spots.sort((a, b) => b.room - a.room);
  const xs = spots.map((s) => s.x);
  while (xs.length < 3) xs.push(scene.width * (0.25 + 0.25 * xs.length));
  return xs.slice(0, 3);
}

/** `behind` is weather seen through the set (painted before the figures); `front` is everything else. */
export function propsSvg(props: readonly string[], scene: PropScene, layer: "behind" | "front"): string {
  const sw = Math.max(1, scene.height * 0.004);
  const parts: string[] = [];
  for (const prop of props) {
    const signature = propSignature(prop);
    if (!signature || (signature.kind === "lightning") !== (layer === "behind")) continue;
    const [first, second] = signature.colours.map(rgbToHex);
    if (signature.kind === "dinosaur-toys") {
      const size = scene.height * 0.04;
      // Toys stand on the rug below the feet, so they never touch a figure's outline.
      const bottom = scene.height * Math.min(0.995, FLOOR_LINE + 0.065);
      toySpots(scene, size).forEach((x, i) => {
        parts.push(toy(x, bottom, size, (i === 1 ? second : first) ?? OUTLINE, sw));
      });
    } else if (signature.kind === "lightning" && scene.sky) {
      const { x, y, width, height } = scene.sky;
      const points: [number, number][] = [
        [0.55, 0.05],
        [0.35, 0.45],
        [0.5, 0.45],
        [0.3, 0.95],
        [0.7, 0.38],
        [0.55, 0.38],
        [0.72, 0.05],
      ];
      const d = points
        .map(([px, py], i) => `${i === 0 ? "M" : "L"}${n(x + px * width)},${n(y + py * height)}`)
        .join("");
      parts.push(`<path d="${d}Z" fill="${first}"/>`);
    } else {
      const holder = holderOf(prop, scene.figures);
      if (!holder) continue;
      const h = holder.placement.height;
      if (signature.kind === "phone") {
        const w = 0.05 * h;
        const tall = 0.085 * h;
        const left = holder.hands.rightX - w * 0.3;
        const top = holder.hands.y - tall * 0.6;
        parts.push(
          `<rect x="${n(left)}" y="${n(top)}" width="${n(w)}" height="${n(tall)}" rx="${n(w * 0.2)}" fill="#22222a" ${stroked(sw * 0.6)}/>`,
        );
        parts.push(
          `<rect x="${n(left + w * 0.18)}" y="${n(top + tall * 0.12)}" width="${n(w * 0.64)}" height="${n(tall * 0.76)}" fill="${first}"/>`,
        );
      } else {
        const x = holder.hands.leftX;
        const y = holder.hands.y + 0.03 * h;
        parts.push(
          `<circle cx="${n(x)}" cy="${n(y)}" r="${n(0.022 * h)}" fill="${first}" ${stroked(sw * 0.5)}/>`,
        );
        parts.push(
          `<rect x="${n(x - 0.008 * h)}" y="${n(y)}" width="${n(0.016 * h)}" height="${n(0.06 * h)}" fill="${first}" ${stroked(sw * 0.5)}/>`,
        );
      }
    }
  }
  return parts.join("");
}
