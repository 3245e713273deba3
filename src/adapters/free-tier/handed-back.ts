import sharp from "sharp";

/**
 * Did the model hand one of its own references back as the answer? Both pictures are reduced to
 * the same small, blurred thumbnail (stretched to one shape, so an answer at the model's own
 * size lines up) and normalised per colour channel, so a colour grade, a re-encode or a resize of
 * the reference still reads as the reference. The thumbnail is then cut into blocks: a reference
 * handed back differs a little everywhere (compression, edges a pixel off); a panel that puts
 * even one small figure into the room differs strongly over the blocks the figure covers.
 */
const THUMB = { width: 128, height: 72 };
const BLOCK = 4;

/**
 * A block "differs" when its mean normalised difference is over this many channel spreads, and
 * the answer is a near-copy when under COPY_BELOW of its blocks differ. Measured on the four demo
 * plates: the plate stretched to 1344x768 at JPEG q50, graded +15%, tinted warm, blurred with
 * noise, or blurred, noisy and JPEG'd: 0.00% of blocks differ in every case; 32 panels of the plate
 * with one to five figures of another hand (30-65% of the frame tall): 1.6% to 29%; a turnaround
 * against a plate: 45% or more. The cut sits between, nearer the copies.
 */
const DIFFERS_BY = 0.6;
export const COPY_BELOW = 0.005;

export async function thumbnail(bytes: Buffer): Promise<Float32Array> {
  const raw = await sharp(bytes)
    .removeAlpha()
    .toColourspace("srgb")
    .resize(THUMB.width, THUMB.height, { fit: "fill" })
    .blur(1.2)
    .raw()
    .toBuffer();
  const pixels = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) pixels[i] = (raw[i] as number) / 255;
  return normalise(pixels);
}

/** Share of blocks in which the image differs from the reference. */
export function changedShare(image: Float32Array, reference: Float32Array): number {
  const bw = THUMB.width / BLOCK;
  const bh = THUMB.height / BLOCK;
  let changed = 0;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let total = 0;
      for (let y = by * BLOCK; y < (by + 1) * BLOCK; y++) {
        for (let x = bx * BLOCK; x < (bx + 1) * BLOCK; x++) {
          const i = (y * THUMB.width + x) * 3;
          for (let c = 0; c < 3; c++)
            total += Math.abs((image[i + c] as number) - (reference[i + c] as number));
        }
      }
      if (total / (BLOCK * BLOCK * 3) > DIFFERS_BY) changed++;
    }
  }
  return changed / (bw * bh);
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
