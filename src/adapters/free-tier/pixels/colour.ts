/**
 * Colour arithmetic shared by the offline drawing, generator and judge. Drawing uses sRGB
 * hex; measurement uses CIE Lab distance because "is this the same magenta" is a perceptual
 * question, and plain RGB distance overstates differences between dark colours.
 */
export type Rgb = readonly [number, number, number];

export function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.replace("#", ""), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

export function rgbToHex(rgb: Rgb): string {
  return `#${rgb
    .map((c) =>
      Math.round(Math.max(0, Math.min(255, c)))
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

export function mixRgb(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Euclidean length of a 3-vector (Math.hypot is several times slower in V8's hot loops). */
export function distance3(a: number, b: number, c: number): number {
  return Math.sqrt(a * a + b * b + c * c);
}

/** Straight RGB distance: cheap, good enough for "does this pixel still show the plate". */
export function rgbDistance(a: Rgb, b: Rgb): number {
  return distance3(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function labF(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 / 116) * t + 16 / 116;
}

export type Lab = readonly [number, number, number];

export function rgbToLab(rgb: Rgb): Lab {
  const r = linear(rgb[0]);
  const g = linear(rgb[1]);
  const b = linear(rgb[2]);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const fx = labF(x);
  const fy = labF(y);
  const fz = labF(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE76 difference: about 2 is barely visible, above 40 is a different colour name. */
export function deltaE(a: Rgb, b: Rgb): number {
  const la = rgbToLab(a);
  const lb = rgbToLab(b);
  return distance3(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
}

export function luminance(rgb: Rgb): number {
  return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
}

/** Linear ramp to [0,1]: 1 at or below `good`, 0 at or beyond `bad` (either order). */
export function ramp(value: number, good: number, bad: number): number {
  const t = (value - good) / (bad - good);
  return Math.max(0, Math.min(1, 1 - t));
}
