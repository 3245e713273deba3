import type { View } from "./draw-hair.ts";
import { n, stroked } from "./svg.ts";

/** Face, ears and neck for each view, origin at the crown; hair is painted around this. */
export function headSvg(
  view: View,
  hh: number,
  skin: string,
  eyes: string,
  sw: number,
  toy: boolean,
): string {
  const h = (v: number) => n(v * hh);
  const parts: string[] = [];
  const eye = (x: number, r: number) => `<circle cx="${h(x)}" cy="${h(0.56)}" r="${h(r)}" fill="${eyes}"/>`;
  if (toy) {
    const width = view === "side" ? 0.6 : 0.8;
    const left = view === "side" ? -0.3 : -0.4;
    parts.push(
      `<rect x="${h(left)}" y="${h(0.1)}" width="${h(width)}" height="${h(0.92)}" rx="${h(0.16)}" fill="${skin}" ${stroked(sw)}/>`,
    );
    if (view === "front") parts.push(eye(-0.17, 0.09), eye(0.17, 0.09));
    if (view === "three-quarter") parts.push(eye(-0.05, 0.08), eye(0.22, 0.09));
    if (view === "side") parts.push(eye(0.18, 0.09));
    if (view !== "back")
      parts.push(
        `<path d="M${h(-0.08)},${h(0.82)}L${h(0.08)},${h(0.82)}" stroke="${eyes}" stroke-width="${h(0.03)}"/>`,
      );
    return parts.join("");
  }
  const neckX = view === "side" ? -0.14 : -0.11;
  parts.push(
    `<rect x="${h(neckX)}" y="${h(0.8)}" width="${h(0.22)}" height="${h(0.25)}" fill="${skin}" ${stroked(sw)}/>`,
  );
  const ear = (x: number) =>
    `<circle cx="${h(x)}" cy="${h(0.56)}" r="${h(0.08)}" fill="${skin}" ${stroked(sw)}/>`;
  if (view === "front" || view === "back") parts.push(ear(-0.37), ear(0.37));
  if (view === "three-quarter") parts.push(ear(-0.28));
  if (view === "side") parts.push(ear(-0.08));
  const cx = view === "three-quarter" ? 0.05 : view === "side" ? 0.03 : 0;
  const rx = view === "side" ? 0.34 : 0.36;
  parts.push(
    `<ellipse cx="${h(cx)}" cy="${h(0.54)}" rx="${h(rx)}" ry="${h(0.44)}" fill="${skin}" ${stroked(sw)}/>`,
  );
  const mouth = (x: number) =>
    `<path d="M${h(x - 0.08)},${h(0.78)} Q${h(x)},${h(0.84)} ${h(x + 0.08)},${h(0.78)}" fill="none" stroke="#7a3b2e" stroke-width="${h(0.025)}"/>`;
  if (view === "front") parts.push(eye(-0.14, 0.05), eye(0.14, 0.05), mouth(0));
  if (view === "three-quarter") {
    parts.push(eye(-0.05, 0.045), eye(0.21, 0.05), mouth(0.12));
    parts.push(
      `<path d="M${h(0.3)},${h(0.5)}L${h(0.36)},${h(0.66)}L${h(0.29)},${h(0.67)}" fill="none" ${stroked(sw * 0.7)}/>`,
    );
  }
  if (view === "side") {
    parts.push(eye(0.22, 0.05));
    parts.push(
      `<path d="M${h(0.35)},${h(0.5)}L${h(0.45)},${h(0.66)}L${h(0.35)},${h(0.68)}Z" fill="${skin}" ${stroked(sw * 0.7)}/>`,
    );
  }
  return parts.join("");
}
