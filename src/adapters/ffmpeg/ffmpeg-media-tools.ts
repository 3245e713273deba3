import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { AppError } from "../../core/app-error.ts";
import type { MediaTools, VideoInfo } from "../../ports/media-tools.ts";
import { type ProbedVideo, parseDecodedTime, parseProbe } from "./parse-probe.ts";
import { runFfmpeg, withTempDir } from "./run-ffmpeg.ts";
import { stitchArgs } from "./stitch-args.ts";

export interface FfmpegMediaToolsOptions {
  ffmpegPath: string;
  signal?: AbortSignal;
}

/** How far (relative) an image's aspect may be from the frame's and still be scaled to it: 1344x768 vs 16:9 is 1.6%. */
const ASPECT_TOLERANCE = 0.03;

export function createFfmpegMediaTools(options: FfmpegMediaToolsOptions): MediaTools & {
  /** probeVideo plus frame rate and audio presence. */
  probeDetails(video: Buffer): Promise<ProbedVideo>;
} {
  const { ffmpegPath, signal } = options;
  const run = (args: string[], allowExitCodes: number[] = []) =>
    runFfmpeg(ffmpegPath, args, { signal, allowExitCodes });

  async function probeFile(file: string): Promise<ProbedVideo> {
    // Probing without an output exits 1 by design; the stream summary is on stderr either way.
    const { stderr } = await run(["-i", file], [1]);
    const probed = parseProbe(stderr);
    if (probed.durationSeconds !== undefined) return { ...probed, durationSeconds: probed.durationSeconds };
    // Containers streamed without an index (e.g. some WebM) carry no duration: decode to find out.
    const decoded = await run(["-i", file, "-map", "0:v:0", "-f", "null", "-"]);
    const durationSeconds = parseDecodedTime(decoded.stderr);
    if (durationSeconds === undefined)
      throw new AppError("VIDEO_INVALID", "could not measure the video's duration");
    return { ...probed, durationSeconds };
  }

  async function probeDetails(video: Buffer): Promise<ProbedVideo> {
    return withTempDir(async (dir) => {
      const file = join(dir, "in.bin");
      await writeFile(file, video);
      return probeFile(file);
    });
  }

  async function probeVideo(video: Buffer): Promise<VideoInfo> {
    const { durationSeconds, width, height } = await probeDetails(video);
    return { durationSeconds, width, height };
  }

  async function extractFrames(video: Buffer, atSeconds: number[]): Promise<Buffer[]> {
    if (atSeconds.length === 0) return [];
    return withTempDir(async (dir) => {
      const file = join(dir, "in.bin");
      await writeFile(file, video);
      const info = await probeFile(file);
      const frameCount = Math.max(1, Math.round(info.durationSeconds * info.fps));
      // The frame shown at time t; anything at or past the end means the final frame.
      const indexes = atSeconds.map((t) =>
        Math.min(frameCount - 1, Math.max(0, Math.floor((Number.isFinite(t) ? t : 0) * info.fps + 1e-6))),
      );
      const pngs = await extractIndexes(file, dir, [...new Set(indexes)], frameCount, info.fps);
      return indexes.map((index) => pngs.get(index) as Buffer);
    });
  }

  /**
   * One ffmpeg process, two readers of the file. The first decodes once and keeps the wanted
   * frame numbers (select), which is far cheaper than one seek per frame since a short clip is
   * often a single GOP. The second reads the final frame with -sseof and -update (every decoded
   * frame overwrites the file, the last one stays): a frame count derived from a rounded
   * container duration can be one off, and the last frame is the one the tail checks need most.
   * Wanted frames past the real end fall back to that final frame.
   */
  async function extractIndexes(
    file: string,
    dir: string,
    unique: number[],
    frameCount: number,
    fps: number,
  ): Promise<Map<number, Buffer>> {
    const wanted = unique.filter((index) => index < frameCount - 1).sort((a, b) => a - b);
    const last = join(dir, "last.png");
    const args = ["-loglevel", "error"];
    if (wanted.length > 0) args.push("-i", file);
    args.push("-sseof", `-${Math.min(1, frameCount / fps).toFixed(3)}`, "-i", file);
    if (wanted.length > 0) {
      const select = wanted.map((index) => `eq(n\\,${index})`).join("+");
      args.push("-map", "0:v:0", "-filter:v", `select='${select}'`, "-vsync", "0");
      args.push("-f", "image2", "-c:v", "png", "-y", join(dir, "frame-%05d.png"));
    }
    args.push(
      "-map",
      `${wanted.length > 0 ? 1 : 0}:v:0`,
      "-update",
      "1",
      "-f",
      "image2",
      "-c:v",
      "png",
      "-y",
      last,
    );
    await run(args);

    let lastPng = await readFile(last).catch(() => undefined);
    if (!lastPng || lastPng.length === 0) {
      // The container is longer than its video (e.g. a longer soundtrack): decode it all instead.
      await run([
        "-loglevel",
        "error",
        "-i",
        file,
        "-map",
        "0:v:0",
        "-update",
        "1",
        "-f",
        "image2",
        "-y",
        last,
      ]);
      lastPng = await readFile(last).catch(() => undefined);
    }
    if (!lastPng || lastPng.length === 0) {
      throw new AppError(
        "VIDEO_FRAME_MISSING",
        `could not decode the last frame of a ${frameCount}-frame clip`,
      );
    }
    const pngs = new Map<number, Buffer>([[frameCount - 1, lastPng]]);
    for (const [i, index] of wanted.entries()) {
      const png = await readFile(join(dir, `frame-${String(i + 1).padStart(5, "0")}.png`)).catch(
        () => undefined,
      );
      pngs.set(index, png && png.length > 0 ? png : lastPng);
    }
    return pngs;
  }

  async function stitch(videos: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<Buffer> {
    return withTempDir(async (dir) => {
      // Each clip goes to disk before the next is taken: only one is in memory at a time.
      const clips: { file: string; info: ProbedVideo }[] = [];
      for await (const video of videos) {
        const file = join(dir, `clip-${clips.length}.bin`);
        await writeFile(file, video);
        clips.push({ file, info: await probeFile(file) });
      }
      if (clips.length === 0) throw new AppError("STITCH_EMPTY", "nothing to stitch: no clips given");
      const out = join(dir, "stitched.mp4");
      await run(["-loglevel", "error", ...stitchArgs(clips), "-y", out]);
      return readFile(out);
    });
  }

  async function thumbnail(image: Buffer, maxWidth: number): Promise<Buffer> {
    return sharp(image)
      .resize({ width: Math.max(1, Math.round(maxWidth)), withoutEnlargement: true })
      .png()
      .toBuffer();
  }

  async function fitFrame(image: Buffer, width: number, height: number): Promise<Buffer> {
    const meta = await sharp(image).metadata();
    const aspectGap = Math.abs((meta.width ?? 0) / (meta.height ?? 1) - width / height) / (width / height);
    const sameSize = meta.width === width && meta.height === height;
    if (meta.format === "png" && (sameSize || aspectGap > ASPECT_TOLERANCE)) return image;
    const pipeline = sharp(image);
    return (aspectGap <= ASPECT_TOLERANCE ? pipeline.resize(width, height, { fit: "fill" }) : pipeline)
      .png()
      .toBuffer();
  }

  return { probeVideo, probeDetails, extractFrames, stitch, thumbnail, fitFrame };
}
