import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ffmpegInstaller from "@ffmpeg-installer/ffmpeg";
import sharp from "sharp";
import { runFfmpeg } from "../../../src/adapters/ffmpeg/run-ffmpeg.ts";

export const ffmpegPath: string = ffmpegInstaller.path;

/**
 * A storyboard-like test panel: a lit background, a textured set (so a push-in is measurable)
 * and a figure whose position can change between a start and an end panel.
 */
export async function scenePanel(options: { hue: number; figureX: number; width?: number; height?: number }) {
  const { hue, figureX, width = 640, height = 360 } = options;
  const props = Array.from({ length: 24 }, (_, i) => {
    const x = 20 + ((i * 97) % 600);
    const y = 30 + ((i * 53) % 300);
    return `<circle cx="${x}" cy="${y}" r="${8 + (i % 5) * 5}" fill="hsl(${(hue + i * 37) % 360},75%,${40 + (i % 3) * 12}%)"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">
    <defs><linearGradient id="bg"><stop offset="0" stop-color="hsl(${hue},60%,25%)"/>
    <stop offset="1" stop-color="hsl(${(hue + 50) % 360},60%,70%)"/></linearGradient></defs>
    <rect width="640" height="360" fill="url(#bg)"/>${props}
    <rect x="${figureX}" y="110" width="90" height="200" rx="20" fill="#f4e1c8" stroke="#222" stroke-width="6"/>
    <circle cx="${figureX + 45}" cy="85" r="36" fill="#f4e1c8" stroke="#222" stroke-width="6"/></svg>`;
  return sharp(Buffer.from(svg)).resize(width, height).png().toBuffer();
}

export interface HandClip {
  /** Seconds at 12 fps. */
  durationSeconds: number;
  width?: number;
  height?: number;
  /** Push in slowly on this image (zoompan); without `push` the image is held still. */
  base: Buffer;
  push?: boolean;
  /** From this time on, show `other` instead (a snap). */
  snapAt?: number;
  /** Dissolve into `other` from `morphFrom` to the end. */
  morphFrom?: number;
  other?: Buffer;
  /** Black out this time range. */
  black?: [number, number];
}

/**
 * Builds a clip with ffmpeg's own filters, independently of the local video model, so the
 * checks are tested on faults the model did not make.
 */
export async function handClip(dir: string, name: string, clip: HandClip): Promise<Buffer> {
  const { durationSeconds, width = 640, height = 360 } = clip;
  const fps = 12;
  const frames = Math.round(durationSeconds * fps);
  const base = join(dir, `${name}-base.png`);
  const other = join(dir, `${name}-other.png`);
  const out = join(dir, `${name}.mp4`);
  await writeFile(base, clip.base);
  await writeFile(other, clip.other ?? clip.base);
  const size = `${width}x${height}`;
  const move = clip.push
    ? `scale=${width * 2}:${height * 2},zoompan=z='1+0.12*on/${frames}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=${size}:fps=${fps}`
    : `scale=${width}:${height}`;
  const filters = [`[0:v]${move},setsar=1[a]`];
  if (clip.snapAt !== undefined || clip.morphFrom !== undefined) {
    filters.push(`[1:v]scale=${width}:${height},setsar=1[b]`);
  }
  let last = "a";
  if (clip.snapAt !== undefined) {
    filters.push(`[a][b]overlay=enable='gte(t,${clip.snapAt})'[s]`);
    last = "s";
  } else if (clip.morphFrom !== undefined) {
    const from = clip.morphFrom;
    const span = durationSeconds - 1 / fps - from;
    const w = `clip((T-${from})/${span},0,1)`;
    filters.push(`[a][b]blend=all_expr='A*(1-${w})+B*${w}'[s]`);
    last = "s";
  }
  if (clip.black) {
    filters.push(`[${last}]lutrgb=r=0:g=0:b=0:enable='between(t,${clip.black[0]},${clip.black[1]})'[k]`);
    last = "k";
  }
  filters.push(`[${last}]format=yuv420p[out]`);
  await runFfmpeg(ffmpegPath, [
    "-loglevel",
    "error",
    ...["-loop", "1", "-framerate", String(fps), "-i", base],
    // Unread when there is no snap or morph: ffmpeg ignores an input no filter takes.
    ...["-loop", "1", "-framerate", String(fps), "-i", other],
    ...["-filter_complex", filters.join(";"), "-map", "[out]", "-frames:v", String(frames)],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-r", String(fps), "-y", out],
  ]);
  return readFile(out);
}

/** A clip whose frame k is a flat grey of level 16 + 4k (lossless), so a decoded frame says its own index. */
export async function numberedClip(dir: string, frames: number, fps = 12): Promise<Buffer> {
  const out = join(dir, "numbered.mp4");
  await runFfmpeg(ffmpegPath, [
    ...[
      "-loglevel",
      "error",
      "-f",
      "lavfi",
      "-i",
      `color=black:s=64x64:r=${fps},geq=lum='16+4*N':cb=128:cr=128`,
    ],
    ...[
      "-frames:v",
      String(frames),
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-qp",
      "0",
      "-pix_fmt",
      "yuv420p",
    ],
    ...["-y", out],
  ]);
  return readFile(out);
}

/** The frame index a numberedClip frame encodes (decoded PNGs are full-range RGB). */
export async function frameNumber(png: Buffer): Promise<number> {
  const { data } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const full = data[0] as number;
  return Math.round((full * 219) / 255 / 4);
}
