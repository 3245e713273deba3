import { type FrameSignature, frameSignature } from "./frame-signature.ts";

/**
 * Did the model hand one of its own references back as the answer? Both pictures are reduced to
 * the same small signature and normalised per colour channel (mean and spread), so a colour grade,
 * a re-encode or a resize of the reference still reads as the reference. What is left is the share
 * of the frame that differs: a reference handed back differs nowhere; a panel that puts even one
 * small figure into the room differs over the figure.
 */

/**
 * A pixel "differs" when it is this many channel spreads away after normalising. Measured (see
 * test/adapters/free-tier/realism.test.ts): the plate re-encoded at JPEG q50, graded ±15% or tinted
 * leaves under 0.5% of signature pixels past 0.5 spreads; one child-sized figure composited into the
 * plate moves 3% or more.
 */
const DIFFERS_BY = 0.5;
/** Under this share of differing pixels the answer is a near-copy of the reference (measured as above). */
export const COPY_BELOW = 0.01;

export async function changedShare(image: Buffer | FrameSignature, reference: Buffer): Promise<number> {
  const a = Buffer.isBuffer(image) ? await frameSignature(image) : image;
  const b = await frameSignature(reference);
  const na = normalise(a.pixels);
  const nb = normalise(b.pixels);
  const count = na.length / 3;
  let changed = 0;
  for (let i = 0; i < na.length; i += 3) {
    const d =
      (Math.abs((na[i] as number) - (nb[i] as number)) +
        Math.abs((na[i + 1] as number) - (nb[i + 1] as number)) +
        Math.abs((na[i + 2] as number) - (nb[i + 2] as number))) /
      3;
    if (d > DIFFERS_BY) changed++;
  }
  return changed / count;
}

function normalise(pixels: Float32Array): Float32Array {
  const out = new Float32Array(pixels.length);
  const count = pixels.length / 3;
  for (let c = 0; c < 3; c++) {
    let sum = 0;
    let sumSq = 0;
    for (let i = c; i < pixels.length; i += 3) {
      const v = pixels[i] as number;
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / count;
    // A flat channel has no spread to normalise by; the floor keeps noise from being amplified.
    const spread = Math.max(0.02, Math.sqrt(Math.max(0, sumSq / count - mean * mean)));
    for (let i = c; i < pixels.length; i += 3) out[i] = ((pixels[i] as number) - mean) / spread;
  }
  return out;
}
