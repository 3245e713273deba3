import type { View } from "./draw-hair.ts";
import { type BodyFrame, bodyParts } from "./figure-geometry.ts";
import type { Outfit } from "./outfit.ts";
import { fill, n, starPath, stroked } from "./svg.ts";

/**
 * The body below the head: sleeves, torso, legs and shoes in the outfit's flat colours, then
 * the garment overlay (a dress's skirt, a tuxedo's shirt front, a printed star). The overlay
 * works from a BodyFrame alone so the generator can dress a figure whose frame it measured.
 */
function rect(x: number, y: number, w: number, h: number, colour: string, sw: number, r = 0): string {
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(r)}" fill="${colour}" ${stroked(sw)}/>`;
}

function poly(points: [number, number][], colour: string, sw: number): string {
  return `<path d="M${points.map(([x, y]) => `${n(x)},${n(y)}`).join("L")}Z" fill="${colour}" ${stroked(sw)}/>`;
}

export function bodySvg(
  frame: BodyFrame,
  outfit: Outfit,
  skin: string,
  view: View,
  sw: number,
  toy: boolean,
): string {
  const b = bodyParts(frame);
  const top = fill(outfit.top);
  const bottom = fill(outfit.bottom);
  const shoes = fill(outfit.shoes);
  const narrow = view === "side" ? 0.5 : view === "three-quarter" ? 0.86 : 1;
  const tw = b.torso * narrow;
  const parts: string[] = [];
  if (view === "side") {
    const leg = b.leg * 1.15;
    parts.push(rect(-leg / 2, b.legTopY, leg, b.shoeTopY - b.legTopY + sw, bottom, sw));
    parts.push(rect(-leg / 2, b.shoeTopY, leg * 1.5, frame.footY - b.shoeTopY, shoes, sw, leg * 0.3));
  } else {
    for (const side of [-1, 1]) {
      const inner = (b.legGap / 2) * narrow;
      const x = side < 0 ? -inner - b.leg * narrow : inner;
      parts.push(rect(x, b.legTopY, b.leg * narrow, b.shoeTopY - b.legTopY + sw, bottom, sw));
      parts.push(
        rect(
          x - 0.03 * tw,
          b.shoeTopY,
          b.leg * narrow + 0.06 * tw,
          frame.footY - b.shoeTopY,
          shoes,
          sw,
          b.leg * 0.25,
        ),
      );
    }
  }
  const sideArms = view === "side" ? [] : [-1, 1];
  for (const side of sideArms) {
    if (toy) {
      const edge = (side * tw) / 2;
      const tip = (side * frame.width * narrow) / 2;
      const y0 = frame.shoulderY;
      parts.push(
        poly(
          [
            [edge, y0 + 0.03 * b.length],
            [tip, y0 + 0.18 * b.length],
            [tip, y0 + 0.4 * b.length],
            [edge, y0 + 0.44 * b.length],
          ],
          skin,
          sw,
        ),
      );
    } else {
      const arm = b.arm * narrow;
      const x = side < 0 ? -tw / 2 - arm + 0.02 * tw : tw / 2 - 0.02 * tw;
      parts.push(
        rect(x, frame.shoulderY + 0.02 * b.length, arm, b.armBottomY - frame.shoulderY, top, sw, arm * 0.4),
      );
      parts.push(
        `<circle cx="${n(x + arm / 2)}" cy="${n(b.handY)}" r="${n(arm * 0.5)}" fill="${skin}" ${stroked(sw)}/>`,
      );
    }
  }
  parts.push(rect(-tw / 2, frame.shoulderY, tw, b.waistY - frame.shoulderY, top, sw, tw * 0.18));
  if (view === "side" && !toy) {
    const arm = b.arm;
    parts.push(
      rect(
        -arm / 2,
        frame.shoulderY + 0.04 * b.length,
        arm,
        b.armBottomY - frame.shoulderY,
        top,
        sw,
        arm * 0.4,
      ),
    );
    parts.push(`<circle cx="0" cy="${n(b.handY)}" r="${n(arm * 0.5)}" fill="${skin}" ${stroked(sw)}/>`);
  }
  parts.push(garmentOverlaySvg(outfit, frame, sw, view));
  return parts.join("");
}

/** Garment shapes over the plain body, centred on x = 0. */
export function garmentOverlaySvg(
  outfit: Outfit,
  frame: BodyFrame,
  sw: number,
  view: View = "front",
): string {
  const b = bodyParts(frame);
  const narrow = view === "side" ? 0.5 : view === "three-quarter" ? 0.86 : 1;
  const tw = b.torso * narrow;
  const y0 = frame.shoulderY;
  const L = b.length;
  const parts: string[] = [];
  if (outfit.style === "dress") {
    parts.push(
      poly(
        [
          [-tw * 0.5, b.waistY - 0.02 * L],
          [tw * 0.5, b.waistY - 0.02 * L],
          [tw * 0.78, y0 + 0.9 * L],
          [-tw * 0.78, y0 + 0.9 * L],
        ],
        // The skirt is the dress's lower half: painted as the bottom, which a wardrobe line gives the dress colour.
        fill(outfit.bottom),
        sw,
      ),
    );
  }
  const front = view === "front" || view === "three-quarter";
  if (!front) return parts.join("");
  const accent = outfit.accent ? fill(outfit.accent) : undefined;
  if ((outfit.style === "tuxedo" || outfit.style === "suit") && accent) {
    parts.push(
      poly(
        [
          [-0.2 * tw, y0 + sw],
          [0.2 * tw, y0 + sw],
          [0, y0 + 0.32 * L],
        ],
        accent,
        sw,
      ),
    );
    if (outfit.style === "tuxedo") {
      const bow = outfit.decorations.find((d) => d.kind === "bow-tie")?.colour ?? outfit.top;
      const by = y0 + 0.05 * L;
      const w = 0.11 * tw;
      parts.push(
        poly(
          [
            [0, by],
            [-w, by - w * 0.6],
            [-w, by + w * 0.6],
          ],
          fill(bow),
          sw * 0.5,
        ),
      );
      parts.push(
        poly(
          [
            [0, by],
            [w, by - w * 0.6],
            [w, by + w * 0.6],
          ],
          fill(bow),
          sw * 0.5,
        ),
      );
    }
  } else if (outfit.style === "jacket" && accent) {
    parts.push(rect(-0.14 * tw, y0 + sw, 0.28 * tw, b.waistY - y0 - 2 * sw, accent, sw));
  }
  for (const decoration of outfit.decorations) {
    const colour = fill(decoration.colour);
    if (decoration.kind === "star")
      parts.push(`<path d="${starPath(0, y0 + 0.2 * L, 0.17 * tw)}" fill="${colour}" ${stroked(sw * 0.6)}/>`);
    if (decoration.kind === "tie")
      parts.push(
        poly(
          [
            [0, y0 + 0.03 * L],
            [0.04 * tw, y0 + 0.08 * L],
            [0.03 * tw, y0 + 0.28 * L],
            [0, y0 + 0.31 * L],
            [-0.03 * tw, y0 + 0.28 * L],
            [-0.04 * tw, y0 + 0.08 * L],
          ],
          colour,
          sw * 0.5,
        ),
      );
    if (decoration.kind === "stripes") {
      for (const t of [0.12, 0.22, 0.32])
        parts.push(rect(-tw / 2 + sw, y0 + t * L, tw - 2 * sw, 0.03 * L, colour, 0));
    }
    if (decoration.kind === "dinosaur") {
      const s = 0.32 * tw;
      const cx = 0;
      const cy = y0 + 0.22 * L;
      const d: [number, number][] = [
        [-1, 0.4],
        [-0.6, -0.1],
        [0.1, -0.2],
        [0.4, -0.7],
        [0.75, -0.65],
        [0.7, -0.35],
        [0.45, -0.3],
        [0.5, 0.4],
        [0.25, 0.4],
        [0.2, 0.1],
        [-0.3, 0.15],
        [-0.35, 0.4],
      ];
      parts.push(
        poly(
          d.map(([x, y]) => [cx + x * s, cy + y * s]),
          colour,
          0,
        ),
      );
    }
  }
  return parts.join("");
}
