import type { Raster } from "./raster.ts";

/**
 * Half the frame cut off: a truncated download or a decoder that gave up fills the rest of the
 * frame with one flat colour, from an edge inwards. Measured as the longest band of rows (from the
 * top or the bottom) or columns (from the left or right) that is flat and all one colour.
 */

/**
 * A line is flat when its brightness spread is under this (0..1 units). JPEG q50 of a flat fill
 * spreads ~0.002 and σ 2 blur leaves it flat; a real wall, floor or sky with any texture, gradient
 * or added grain spreads 0.01+ along a line (measured in the realism suite).
 */
const LINE_FLAT = 0.006;
/** All lines of the band within this of the band's first line: one fill, not a gradient sky. */
const SAME_FILL = 0.012;

export interface CutOff {
  /** The largest share of the frame taken by one flat band from an edge, in [0,1]. */
  share: number;
  edge: "top" | "bottom" | "left" | "right";
}

export function largestFlatBand(raster: Raster): CutOff {
  const rows = lines(raster, "row");
  const cols = lines(raster, "col");
  const candidates: CutOff[] = [
    { edge: "top", share: run(rows) / rows.length },
    { edge: "bottom", share: run([...rows].reverse()) / rows.length },
    { edge: "left", share: run(cols) / cols.length },
    { edge: "right", share: run([...cols].reverse()) / cols.length },
  ];
  return candidates.reduce((best, item) => (item.share > best.share ? item : best));
}

type Line = { mean: number; spread: number };

function run(lines: Line[]): number {
  const first = lines[0];
  if (!first || first.spread >= LINE_FLAT) return 0;
  let n = 0;
  for (const line of lines) {
    if (line.spread >= LINE_FLAT || Math.abs(line.mean - first.mean) > SAME_FILL) break;
    n++;
  }
  return n;
}

function lines(raster: Raster, along: "row" | "col"): Line[] {
  const outer = along === "row" ? raster.height : raster.width;
  const inner = along === "row" ? raster.width : raster.height;
  const out: Line[] = [];
  for (let o = 0; o < outer; o++) {
    let sum = 0;
    let sumSq = 0;
    for (let k = 0; k < inner; k++) {
      const x = along === "row" ? k : o;
      const y = along === "row" ? o : k;
      const i = (y * raster.width + x) * 4;
      const lum =
        (0.2126 * (raster.data[i] ?? 0) +
          0.7152 * (raster.data[i + 1] ?? 0) +
          0.0722 * (raster.data[i + 2] ?? 0)) /
        255;
      sum += lum;
      sumSq += lum * lum;
    }
    const mean = sum / inner;
    out.push({ mean, spread: Math.sqrt(Math.max(0, sumSq / inner - mean * mean)) });
  }
  return out;
}
