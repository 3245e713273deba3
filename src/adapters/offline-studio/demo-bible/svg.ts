import sharp from "sharp";
import { type Rgb, rgbToHex } from "../../free-tier/pixels/colour.ts";

/** Small helpers for writing the studio's SVG by hand. */
// A deep indigo ink rather than near-black, so an outline is never mistaken for black or dark-brown hair.
export const OUTLINE = "#2a2540";

export function n(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

export function fill(colour: Rgb | string): string {
  return typeof colour === "string" ? colour : rgbToHex(colour);
}

export function stroked(strokeWidth: number): string {
  return `stroke="${OUTLINE}" stroke-width="${n(strokeWidth)}" stroke-linejoin="round"`;
}

export function svgDocument(
  width: number,
  height: number,
  viewWidth: number,
  viewHeight: number,
  body: string,
): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${n(viewWidth)} ${n(viewHeight)}" preserveAspectRatio="none">${body}</svg>`;
}

/** Renders SVG to PNG at the document's own size (librsvg through sharp). */
export async function renderSvg(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer();
}

export function starPath(cx: number, cy: number, outer: number): string {
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : outer * 0.45;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(`${n(cx + r * Math.cos(a))},${n(cy + r * Math.sin(a))}`);
  }
  return `M${points.join("L")}Z`;
}
