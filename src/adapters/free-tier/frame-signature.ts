import sharp from "sharp";

/**
 * A frame reduced to what the free checks compare: a small, slightly blurred colour thumbnail
 * (so compression noise and a pixel of drift do not count as change) and its brightness
 * statistics. Values are in [0,1].
 */
export interface FrameSignature {
  width: number;
  height: number;
  pixels: Float32Array;
  meanLuma: number;
  lumaSpread: number;
}

const THUMB_WIDTH = 64;
const THUMB_HEIGHT = 36;

export async function frameSignature(bytes: Buffer): Promise<FrameSignature> {
  const image = sharp(bytes);
  const meta = await image.metadata();
  const raw = await image
    .removeAlpha()
    .toColourspace("srgb")
    .resize(THUMB_WIDTH, THUMB_HEIGHT, { fit: "cover" })
    .blur(0.8)
    .raw()
    .toBuffer();
  const pixels = new Float32Array(raw.length);
  let sum = 0;
  let sumSquares = 0;
  const count = raw.length / 3;
  for (let i = 0; i < raw.length; i += 3) {
    const r = (raw[i] as number) / 255;
    const g = (raw[i + 1] as number) / 255;
    const b = (raw[i + 2] as number) / 255;
    pixels[i] = r;
    pixels[i + 1] = g;
    pixels[i + 2] = b;
    const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += luma;
    sumSquares += luma * luma;
  }
  const meanLuma = sum / count;
  const lumaSpread = Math.sqrt(Math.max(0, sumSquares / count - meanLuma * meanLuma));
  return { width: meta.width ?? 0, height: meta.height ?? 0, pixels, meanLuma, lumaSpread };
}

/** Mean absolute colour difference in [0,1]: 0 for the same picture, ~0.3+ for unrelated ones. */
export function frameDistance(a: FrameSignature, b: FrameSignature): number {
  let total = 0;
  for (let i = 0; i < a.pixels.length; i++)
    total += Math.abs((a.pixels[i] as number) - (b.pixels[i] as number));
  return total / a.pixels.length;
}
