import type { HairStyle } from "./demo-cast.ts";
import { n, stroked } from "./svg.ts";

export type View = "front" | "three-quarter" | "side" | "back";

/**
 * Hair in layers: `behind` is painted before the body and face, `front` after the face. Every
 * style covers the crown, so the first colour down a figure's centre line is always its hair:
 * the rule the pixel judge reads identity by.
 */
export interface HairLayers {
  behind: string;
  front: string;
}

interface HairPaint {
  hh: number;
  colour: string;
  sw: number;
  /** Horizontal shift of the crown for turned views, in head heights. */
  shift: number;
}

function circle(p: HairPaint, x: number, y: number, r: number): string {
  return `<circle cx="${n((x + p.shift) * p.hh)}" cy="${n(y * p.hh)}" r="${n(r * p.hh)}" fill="${p.colour}" ${stroked(p.sw)}/>`;
}

function path(p: HairPaint, points: [number, number][], close = true): string {
  const d = points
    .map(([x, y], i) => `${i === 0 ? "M" : "L"}${n((x + p.shift) * p.hh)},${n(y * p.hh)}`)
    .join("");
  return `<path d="${d}${close ? "Z" : ""}" fill="${p.colour}" ${stroked(p.sw)}/>`;
}

/** The cap over the top of the face with a fringe line dipping to 0.28 head heights. */
function cap(p: HairPaint, fringe = 0.36): string {
  const h = p.hh;
  const s = p.shift * h;
  return `<path d="M${n(s - 0.4 * h)},${n(fringe * h)} C${n(s - 0.44 * h)},${n(-0.12 * h)} ${n(s + 0.44 * h)},${n(-0.12 * h)} ${n(s + 0.4 * h)},${n(fringe * h)} Q${n(s)},${n(0.2 * h)} ${n(s - 0.4 * h)},${n(fringe * h)}Z" fill="${p.colour}" ${stroked(p.sw)}/>`;
}

/** Back of the head: hair over the whole skull. */
function skull(p: HairPaint): string {
  return `<ellipse cx="${n(p.shift * p.hh)}" cy="${n(0.48 * p.hh)}" rx="${n(0.41 * p.hh)}" ry="${n(0.5 * p.hh)}" fill="${p.colour}" ${stroked(p.sw)}/>`;
}

function curlyCloud(p: HairPaint, view: View): HairLayers {
  const spots: [number, number, number][] = [
    [0, 0.08, 0.3],
    [-0.3, 0.1, 0.28],
    [0.3, 0.1, 0.28],
    [-0.5, 0.35, 0.28],
    [0.5, 0.35, 0.28],
    [-0.58, 0.7, 0.28],
    [0.58, 0.7, 0.28],
    [-0.55, 1.05, 0.27],
    [0.55, 1.05, 0.27],
    [-0.45, 1.35, 0.25],
    [0.45, 1.35, 0.25],
  ];
  const side = view === "side" ? spots.filter(([x]) => x <= 0.3) : spots;
  const behind = side.map(([x, y, r]) => circle(p, x, y, r)).join("");
  if (view === "back")
    return {
      behind,
      front:
        skull(p) +
        side
          .filter(([, y]) => y > 0.9)
          .map(([x, y, r]) => circle(p, x * 0.7, y, r))
          .join(""),
    };
  const fringe = [-0.28, -0.14, 0, 0.14, 0.28].map((x) => circle(p, x, 0.27, 0.09)).join("");
  // Worn down: the lower curls fall in front of the shoulders, not hidden behind the body.
  const falling = side
    .filter(([, y]) => y > 0.9)
    .map(([x, y, r]) => circle(p, x, y, r))
    .join("");
  return { behind, front: cap(p) + fringe + falling };
}

function shortTufts(p: HairPaint, view: View): HairLayers {
  // Round tufts rather than sharp spikes: a spike's tip is all ink once the figure is small.
  const tufts = [circle(p, -0.26, 0.02, 0.17), circle(p, 0.26, 0.02, 0.17), circle(p, 0, -0.08, 0.21)].join(
    "",
  );
  return { behind: tufts, front: view === "back" ? skull(p) : cap(p, 0.34) };
}

function ponytail(p: HairPaint, view: View): HairLayers {
  const tail =
    view === "back"
      ? path(p, [
          [-0.1, 0.5],
          [0.1, 0.5],
          [0.12, 1.15],
          [0, 1.25],
          [-0.12, 1.15],
        ])
      : "";
  const sideTail =
    view === "side"
      ? path(p, [
          [-0.4, 0.35],
          [-0.62, 0.5],
          [-0.66, 1.0],
          [-0.52, 1.1],
          [-0.42, 0.6],
        ])
      : path(p, [
          [0.38, 0.3],
          [0.56, 0.42],
          [0.6, 0.88],
          [0.48, 0.95],
          [0.42, 0.6],
        ]);
  const strands =
    view === "front"
      ? path(p, [
          [-0.42, 0.3],
          [-0.34, 0.3],
          [-0.34, 0.72],
          [-0.42, 0.72],
        ])
      : "";
  return {
    behind: view === "back" ? "" : sideTail,
    front: view === "back" ? skull(p) + tail : cap(p, 0.33) + strands,
  };
}

function longStraight(p: HairPaint, view: View): HairLayers {
  const behind = path(p, [
    [-0.5, 0.2],
    [0.5, 0.2],
    [0.52, 1.9],
    [-0.52, 1.9],
  ]);
  if (view === "back")
    return {
      behind: "",
      front:
        skull(p) +
        path(p, [
          [-0.46, 0.4],
          [0.46, 0.4],
          [0.5, 1.95],
          [-0.5, 1.95],
        ]),
    };
  if (view === "side")
    return {
      behind: path(p, [
        [-0.5, 0.2],
        [-0.05, 0.2],
        [-0.05, 1.9],
        [-0.55, 1.9],
      ]),
      front: cap(p, 0.36),
    };
  const strands =
    path(p, [
      [-0.5, 0.45],
      [-0.24, 0.45],
      [-0.26, 1.9],
      [-0.52, 1.9],
    ]) +
    path(p, [
      [0.24, 0.45],
      [0.5, 0.45],
      [0.52, 1.9],
      [0.26, 1.9],
    ]);
  return { behind, front: cap(p, 0.38) + strands };
}

function shortNeat(p: HairPaint, view: View): HairLayers {
  if (view === "back") return { behind: "", front: skull(p) };
  const burns =
    view === "front"
      ? path(p, [
          [-0.42, 0.3],
          [-0.34, 0.3],
          [-0.35, 0.55],
          [-0.41, 0.55],
        ]) +
        path(p, [
          [0.34, 0.3],
          [0.42, 0.3],
          [0.41, 0.55],
          [0.35, 0.55],
        ])
      : "";
  return { behind: "", front: cap(p, 0.32) + burns };
}

function shortCurly(p: HairPaint, view: View): HairLayers {
  const bumps = [-0.34, -0.17, 0, 0.17, 0.34]
    .map((x) => circle(p, x, 0.02 + Math.abs(x) * 0.3, 0.11))
    .join("");
  return { behind: bumps, front: view === "back" ? skull(p) : cap(p, 0.32) };
}

function jetCrest(p: HairPaint, view: View): HairLayers {
  const fin = path(p, [
    [-0.16, 0.08],
    [0.16, 0.08],
    [0.08, -0.3],
    [-0.08, -0.3],
  ]);
  return { behind: fin, front: view === "back" ? skull(p) : cap(p, 0.34) };
}

function tightBun(p: HairPaint, view: View): HairLayers {
  const bun = circle(p, 0, -0.1, 0.2);
  return { behind: bun, front: view === "back" ? skull(p) + bun : cap(p, 0.26) };
}

export function hairLayers(style: HairStyle, view: View, hh: number, colour: string, sw: number): HairLayers {
  const shift = view === "three-quarter" ? -0.05 : view === "side" ? -0.1 : 0;
  const p: HairPaint = { hh, colour, sw, shift };
  switch (style) {
    case "curly-cloud":
      return curlyCloud(p, view);
    case "short-tufts":
      return shortTufts(p, view);
    case "ponytail":
      return ponytail(p, view);
    case "long-straight":
      return longStraight(p, view);
    case "short-neat":
      return shortNeat(p, view);
    case "short-curly":
      return shortCurly(p, view);
    case "tight-bun":
      return tightBun(p, view);
    case "jet-crest":
      return jetCrest(p, view);
  }
}
