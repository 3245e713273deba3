import sharp from "sharp";

/**
 * Pictures for the realism suite, made the way real image models differ from their references,
 * and never by the offline studio's panel generator: the suite must not tune the free tier on the
 * studio's own drawings. Good panels are a location plate with figures drawn here by a different
 * hand (shaded blobs with limbs and hair, not the studio's outlined figures), then re-rendered.
 */

export interface Variant {
  name: string;
  bytes: Buffer;
}

/** A small seeded generator so every run builds the same variants. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PALETTE = ["#b8325a", "#2f6f4f", "#6a4fa3", "#c9a227", "#1f1f1f", "#e8e2d0", "#2c5d8f", "#8a4b2a"];
const SKIN = ["#f1c9a5", "#c68642", "#8d5524", "#e0ac69"];

/** One figure in another hand: soft shading, no outline, hair and limbs as shapes. */
function figureSvg(random: () => number, x: number, footY: number, height: number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const top = pick(PALETTE);
  const bottom = pick(PALETTE);
  const skin = pick(SKIN);
  const hair = pick(["#2b1b10", "#d9b26f", "#7b3f1d", "#111111", "#c0c0c0"]);
  const head = height * 0.13;
  const shoulders = height * 0.3;
  const y0 = footY - height;
  return `<g>
    <ellipse cx="${x}" cy="${footY}" rx="${shoulders * 0.7}" ry="${height * 0.03}" fill="rgba(0,0,0,0.25)"/>
    <rect x="${x - shoulders * 0.35}" y="${y0 + height * 0.55}" width="${shoulders * 0.3}" height="${height * 0.45}" rx="6" fill="${bottom}"/>
    <rect x="${x + shoulders * 0.05}" y="${y0 + height * 0.55}" width="${shoulders * 0.3}" height="${height * 0.45}" rx="6" fill="${bottom}"/>
    <path d="M${x - shoulders / 2} ${y0 + height * 0.22} Q${x} ${y0 + height * 0.18} ${x + shoulders / 2} ${y0 + height * 0.22} L${x + shoulders * 0.42} ${y0 + height * 0.6} L${x - shoulders * 0.42} ${y0 + height * 0.6} Z" fill="${top}"/>
    <rect x="${x - shoulders * 0.62}" y="${y0 + height * 0.24}" width="${shoulders * 0.16}" height="${height * 0.34}" rx="8" fill="${top}" transform="rotate(${random() * 16 - 8} ${x} ${y0})"/>
    <rect x="${x + shoulders * 0.46}" y="${y0 + height * 0.24}" width="${shoulders * 0.16}" height="${height * 0.34}" rx="8" fill="${top}" transform="rotate(${random() * 16 - 8} ${x} ${y0})"/>
    <circle cx="${x}" cy="${y0 + head}" r="${head}" fill="${skin}"/>
    <path d="M${x - head * 1.05} ${y0 + head} Q${x} ${y0 - head * 0.4} ${x + head * 1.05} ${y0 + head} L${x + head} ${y0 + head * (1 + random() * 1.8)} L${x + head * 0.7} ${y0 + head * 0.6} L${x - head * 0.7} ${y0 + head * 0.6} L${x - head} ${y0 + head * (1 + random() * 1.8)} Z" fill="${hair}"/>
  </g>`;
}

/** The plate with one to five figures of this hand standing on the floor. */
export async function composedPanel(
  plate: Buffer,
  random: () => number,
  size: { width: number; height: number },
): Promise<Buffer> {
  const { width, height } = size;
  const count = 1 + Math.floor(random() * 5);
  const figures = Array.from({ length: count }, (_, i) => {
    const x = width * (0.12 + (0.76 * (i + 0.3 + random() * 0.4)) / count);
    const figureHeight = height * (0.3 + random() * 0.35);
    return figureSvg(random, x, height * (0.82 + random() * 0.12), figureHeight);
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${figures}</svg>`;
  return sharp(plate)
    .resize(width, height, { fit: "fill" })
    .composite([{ input: Buffer.from(svg) }])
    .png()
    .toBuffer();
}

type Edit = (image: Buffer, random: () => number) => Promise<Buffer>;

async function sizeOf(image: Buffer) {
  const meta = await sharp(image).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}

/** Crops to the centre at `zoom` > 1, or shows more than the frame (edges extended) at < 1. */
async function zoomed(image: Buffer, zoom: number): Promise<Buffer> {
  const { width, height } = await sizeOf(image);
  if (zoom >= 1) {
    const w = Math.round(width / zoom);
    const h = Math.round(height / zoom);
    return sharp(image)
      .extract({ left: Math.round((width - w) / 2), top: Math.round((height - h) / 2), width: w, height: h })
      .resize(width, height)
      .png()
      .toBuffer();
  }
  const w = Math.round(width * zoom);
  const h = Math.round(height * zoom);
  const padX = Math.floor((width - w) / 2);
  const padY = Math.floor((height - h) / 2);
  return sharp(await sharp(image).resize(w, h).png().toBuffer())
    .extend({
      left: padX,
      right: width - w - padX,
      top: padY,
      bottom: height - h - padY,
      extendWith: "mirror",
    })
    .png()
    .toBuffer();
}

export const GOOD_EDITS: Record<string, Edit> = {
  brighter: async (image, random) =>
    sharp(image)
      .modulate({ brightness: 1.05 + random() * 0.1 })
      .png()
      .toBuffer(),
  darker: async (image, random) =>
    sharp(image)
      .modulate({ brightness: 0.85 + random() * 0.1 })
      .png()
      .toBuffer(),
  warm: async (image) =>
    sharp(image)
      .recomb([
        [1.08, 0.04, 0],
        [0.02, 1.0, 0],
        [0, 0, 0.86],
      ])
      .png()
      .toBuffer(),
  cool: async (image) =>
    sharp(image)
      .recomb([
        [0.88, 0, 0.02],
        [0, 1.0, 0.03],
        [0.02, 0.04, 1.1],
      ])
      .png()
      .toBuffer(),
  "zoom in": async (image, random) => zoomed(image, 1.05 + random() * 0.15),
  "zoom out": async (image, random) => zoomed(image, 0.85 + random() * 0.1),
  rotated: async (image, random) => {
    const { width, height } = await sizeOf(image);
    const angle = (random() < 0.5 ? -1 : 1) * (1 + random() * 2);
    // A model's reframing has no empty corners: rotate, then crop back inside the picture.
    const turned = await sharp(image).rotate(angle, { background: "#808080" }).png().toBuffer();
    const big = await sizeOf(turned);
    const w = Math.round(width * 0.9);
    const h = Math.round(height * 0.9);
    return sharp(turned)
      .extract({
        left: Math.round((big.width - w) / 2),
        top: Math.round((big.height - h) / 2),
        width: w,
        height: h,
      })
      .resize(width, height)
      .png()
      .toBuffer();
  },
  shifted: async (image, random) => {
    const { width, height } = await sizeOf(image);
    const dx = Math.round(width * (0.03 + random() * 0.05));
    const dy = Math.round(height * random() * 0.04);
    const extended = await sharp(image).extend({ left: dx, top: dy, extendWith: "mirror" }).png().toBuffer();
    return sharp(extended).extract({ left: 0, top: 0, width, height }).png().toBuffer();
  },
  "soft and noisy": async (image, random) => {
    const { width, height } = await sizeOf(image);
    const noise = await sharp({
      create: {
        width,
        height,
        channels: 3,
        background: "#808080",
        noise: { type: "gaussian", mean: 128, sigma: 10 + random() * 14 },
      },
    })
      .png()
      .toBuffer();
    return sharp(image)
      .blur(0.6 + random() * 1.4)
      .composite([{ input: noise, blend: "overlay" }])
      .png()
      .toBuffer();
  },
  jpeg: async (image, random) =>
    sharp(image)
      .jpeg({ quality: 50 + Math.round(random() * 35) })
      .toBuffer(),
  "furniture displaced": async (image, random) => {
    // A piece of the set moved along the upper wall, above where figures stand, so the panel
    // still has its cast: a model moves a shelf, it does not erase the characters.
    const { width, height } = await sizeOf(image);
    const w = Math.round(width * 0.22);
    const h = Math.round(height * 0.14);
    const piece = await sharp(image)
      .extract({ left: Math.round(width * 0.04), top: Math.round(height * 0.02), width: w, height: h })
      .png()
      .toBuffer();
    return sharp(image)
      .composite([
        { input: piece, left: Math.round(width * (0.4 + random() * 0.3)), top: Math.round(height * 0.02) },
      ])
      .png()
      .toBuffer();
  },
  mirrored: async (image) => sharp(image).flop().png().toBuffer(),
};

/**
 * The image models' own 16:9 output sizes (Gemini 2.5 Flash Image answers 16:9 at 1344x768;
 * 1024x576, 1280x720 and 1920x1080 are the common 16:9 sizes of the others). The panel stage fits
 * each to the frame.
 */
export const NATIVE_SIZES = [
  { width: 1344, height: 768 },
  { width: 1024, height: 576 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** Two or three edits in a seeded order, as a real model's answer differs in several ways at once. */
export async function reRendered(
  base: Buffer,
  random: () => number,
): Promise<{ name: string; bytes: Buffer }> {
  const names = Object.keys(GOOD_EDITS);
  const chosen = new Set<string>();
  const count = 2 + Math.floor(random() * 2);
  while (chosen.size < count) chosen.add(names[Math.floor(random() * names.length)] as string);
  let bytes = base;
  // Compression is last when chosen, as it is in a real pipeline.
  const ordered = [...chosen].sort((a, b) => Number(a === "jpeg") - Number(b === "jpeg"));
  for (const name of ordered) bytes = await (GOOD_EDITS[name] as Edit)(bytes, random);
  const native = NATIVE_SIZES[Math.floor(random() * NATIVE_SIZES.length)] as (typeof NATIVE_SIZES)[number];
  const meta = await sharp(bytes).metadata();
  const out = await sharp(bytes)
    .resize(native.width, native.height, { fit: "fill" })
    [meta.format === "jpeg" ? "jpeg" : "png"]()
    .toBuffer();
  return { name: `${ordered.join(" + ")} @ ${native.width}x${native.height}`, bytes: out };
}
