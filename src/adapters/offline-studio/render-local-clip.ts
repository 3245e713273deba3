import { readFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { H264_OUTPUT_ARGS } from "../ffmpeg/h264-output.ts";
import { runFfmpeg, withTempDir } from "../ffmpeg/run-ffmpeg.ts";
import type { LocalVideoFault } from "./local-video-faults.ts";

export interface LocalClipSpec {
  startPanel: Buffer;
  endPanel?: Buffer;
  width: number;
  height: number;
  fps: number;
  durationSeconds: number;
  fault: LocalVideoFault | null;
}

export interface RenderOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** How far the camera pushes in over a clip, and how far back the end panel starts (it settles to exactly the panel). */
const PUSH_IN = 0.05;
const END_PULL = 0.08;
/** Panels are held at twice the output size so a slow zoom moves in sub-pixel steps instead of jittering. */
const SUPERSAMPLE = 2;
/** Frames made concurrently by sharp's thread pool while ffmpeg encodes the previous batch. */
const BATCH = 4;

export function frameCountFor(durationSeconds: number, fps: number): number {
  return Math.max(1, Math.round(durationSeconds * fps));
}

/**
 * Renders a clip the way an image-to-video model's output looks to the gate: a slow push-in on
 * the start panel, and in start+end mode a dissolve that lands exactly on the end panel in the
 * last frame. Frames are made with sharp and piped raw into ffmpeg (H.264, yuv420p so browsers
 * play it), which keeps every fault a precise, frame-exact edit.
 */
export async function renderLocalClip(ffmpegPath: string, spec: LocalClipSpec, options: RenderOptions = {}) {
  const { width, height, fps } = spec;
  const frameCount = frameCountFor(spec.durationSeconds, fps);
  const start = await holdPanel(spec.startPanel, width, height);
  const end = spec.endPanel ? await holdPanel(spec.endPanel, width, height) : undefined;
  const snapTo = end ?? (await holdPanel(await differentImage(spec.startPanel), width, height));
  const plan = planFrames(spec.fault, frameCount, end !== undefined);

  const makeFrame = async (index: number): Promise<Buffer> => {
    const step = plan[index] as FramePlan;
    if (step.kind === "black") return Buffer.alloc(width * height * 3);
    if (step.kind === "snap") return view(snapTo, 1, width, height);
    const a = await view(start, 1 + PUSH_IN * step.motion, width, height);
    if (!end || step.blend <= 0) return a;
    const b = await view(end, 1 + END_PULL * (1 - step.motion), width, height);
    return mix(a, b, step.blend);
  };

  async function* frames(): AsyncGenerator<Buffer> {
    for (let from = 0; from < frameCount; from += BATCH) {
      options.signal?.throwIfAborted();
      const batch = await Promise.all(
        Array.from({ length: Math.min(BATCH, frameCount - from) }, (_, i) => makeFrame(from + i)),
      );
      for (const frame of batch) yield frame;
      options.onProgress?.(Math.min(1, (from + batch.length) / frameCount));
    }
  }

  return withTempDir(async (dir) => {
    const out = join(dir, "clip.mp4");
    // The rawvideo demuxer's own flags: -s is the frame size on input, -framerate the rate.
    const args = ["-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${width}x${height}`];
    args.push("-framerate", String(fps), "-i", "-", "-frames:v", String(frameCount));
    args.push(...H264_OUTPUT_ARGS, "-y", out);
    await runFfmpeg(ffmpegPath, args, { signal: options.signal, stdin: frames() });
    return { video: await readFile(out), durationSeconds: frameCount / fps, frameCount };
  });
}

type FramePlan = { kind: "black" } | { kind: "snap" } | { kind: "move"; motion: number; blend: number };

/** What each frame shows; the faults are edits of the clean plan so they stay frame-exact. */
export function planFrames(
  fault: LocalVideoFault | null,
  frameCount: number,
  framesMode: boolean,
): FramePlan[] {
  const snapFrom = frameCount - Math.max(2, Math.round(frameCount * 0.06));
  return Array.from({ length: frameCount }, (_, index): FramePlan => {
    const progress = frameCount > 1 ? index / (frameCount - 1) : 1;
    const motion = easeInOut(progress);
    const blend = framesMode ? smoothstep(progress) : 0;
    switch (fault) {
      case "frozen":
        return { kind: "move", motion: 0, blend: 0 };
      case "tail-snap":
        return index >= snapFrom ? { kind: "snap" } : { kind: "move", motion, blend: 0 };
      case "black-frames":
        return progress >= 0.4 && progress <= 0.6 ? { kind: "black" } : { kind: "move", motion, blend };
      case "end-ignored":
        return { kind: "move", motion, blend: 0 };
      default:
        return { kind: "move", motion, blend };
    }
  });
}

interface HeldPanel {
  raw: Buffer;
  width: number;
  height: number;
}

async function holdPanel(bytes: Buffer, width: number, height: number): Promise<HeldPanel> {
  const w = width * SUPERSAMPLE;
  const h = height * SUPERSAMPLE;
  const raw = await sharp(bytes)
    .resize(w, h, { fit: "cover" })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer();
  return { raw, width: w, height: h };
}

/** The centred window of a held panel at a zoom factor, at output size. */
async function view(panel: HeldPanel, zoom: number, width: number, height: number): Promise<Buffer> {
  const cropWidth = Math.min(panel.width, Math.round(panel.width / zoom));
  const cropHeight = Math.min(panel.height, Math.round(panel.height / zoom));
  return sharp(panel.raw, { raw: { width: panel.width, height: panel.height, channels: 3 } })
    .extract({
      left: Math.floor((panel.width - cropWidth) / 2),
      top: Math.floor((panel.height - cropHeight) / 2),
      width: cropWidth,
      height: cropHeight,
    })
    .resize(width, height, { fit: "fill", kernel: "linear" })
    .raw()
    .toBuffer();
}

function mix(a: Buffer, b: Buffer, weight: number): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  const w = Math.round(weight * 256);
  for (let i = 0; i < a.length; i++) {
    out[i] = ((a[i] as number) * (256 - w) + (b[i] as number) * w) >> 8;
  }
  return out;
}

/** Without an end panel, a snap jumps to an image the shot never showed: the start panel mirrored and recoloured. */
async function differentImage(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).flop().modulate({ hue: 150, brightness: 0.7 }).png().toBuffer();
}

function easeInOut(x: number): number {
  return 0.5 - 0.5 * Math.cos(Math.PI * x);
}

function smoothstep(x: number): number {
  return x * x * (3 - 2 * x);
}
