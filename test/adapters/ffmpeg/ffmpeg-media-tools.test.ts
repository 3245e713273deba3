import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFfmpegMediaTools } from "../../../src/adapters/ffmpeg/ffmpeg-media-tools.ts";
import { runFfmpeg } from "../../../src/adapters/ffmpeg/run-ffmpeg.ts";
import { frameDistance, frameSignature } from "../../../src/adapters/free-tier/frame-signature.ts";
import { isAppError } from "../../../src/core/app-error.ts";
import { ffmpegPath, frameNumber, handClip, numberedClip, scenePanel } from "./clip-fixtures.ts";

const tools = createFfmpegMediaTools({ ffmpegPath });
let dir: string;
let numbered: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "continuity-media-test-"));
  numbered = await numberedClip(dir, 48);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("probeVideo", () => {
  it("reads duration and size", async () => {
    expect(await tools.probeVideo(numbered)).toEqual({ durationSeconds: 4, width: 64, height: 64 });
  });

  it("refuses bytes that are not a video", async () => {
    const error = await tools.probeVideo(Buffer.from("not a video at all")).catch((e) => e);
    expect(isAppError(error, "VIDEO_INVALID")).toBe(true);
  });
});

describe("extractFrames", () => {
  it("returns the frame shown at each time, in the order asked, duplicates included", async () => {
    const frames = await tools.extractFrames(numbered, [2, 0, 1 / 12, 0.99, 2]);
    expect(await Promise.all(frames.map(frameNumber))).toEqual([24, 0, 1, 11, 24]);
    expect((await sharp(frames[0]).metadata()).format).toBe("png");
  });

  it("returns the very last frame for the end of the clip and clamps times outside it", async () => {
    const frames = await tools.extractFrames(numbered, [4, 47 / 12, 3.99, 100, -5]);
    expect(await Promise.all(frames.map(frameNumber))).toEqual([47, 47, 47, 47, 0]);
  });

  it("gives the last video frame when the container runs longer than its video", async () => {
    const out = join(dir, "long-audio.mp4");
    await runFfmpeg(ffmpegPath, [
      ...[
        "-loglevel",
        "error",
        "-i",
        join(dir, "numbered.mp4"),
        "-f",
        "lavfi",
        "-i",
        "sine=sample_rate=48000",
      ],
      ...["-t", "6", "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac", "-y", out],
    ]);
    const clip = await readFile(out);
    expect((await tools.probeVideo(clip)).durationSeconds).toBeGreaterThan(5.9);
    const frames = await tools.extractFrames(clip, [1, 4.5, 6]);
    expect(await Promise.all(frames.map(frameNumber))).toEqual([12, 47, 47]);
  });

  it("returns nothing for no times", async () => {
    expect(await tools.extractFrames(numbered, [])).toEqual([]);
  });
});

describe("stitch", () => {
  it("joins clips in order into one MP4 whose duration is the sum, at the first clip's size", async () => {
    const a = await handClip(dir, "a", {
      durationSeconds: 2,
      base: await scenePanel({ hue: 10, figureX: 100 }),
    });
    const b = await handClip(dir, "b", {
      durationSeconds: 3,
      width: 320,
      height: 180,
      base: await scenePanel({ hue: 200, figureX: 300 }),
    });
    const c = await handClip(dir, "c", {
      durationSeconds: 1.5,
      base: await scenePanel({ hue: 100, figureX: 400 }),
    });
    const stitched = await tools.stitch([a, b, c]);
    const info = await tools.probeVideo(stitched);
    expect(info.width).toBe(640);
    expect(info.height).toBe(360);
    expect(info.durationSeconds).toBeCloseTo(6.5, 1);
    // Each stretch shows its own clip: 1s is in a, 3s in b, the end in c.
    const got = await tools.extractFrames(stitched, [1, 3, 6.5]);
    const want = [
      ...(await tools.extractFrames(a, [1])),
      ...(await tools.extractFrames(b, [1])),
      ...(await tools.extractFrames(c, [1.5])),
    ];
    for (const [i, frame] of got.entries()) {
      const distance = frameDistance(await frameSignature(frame), await frameSignature(want[i] as Buffer));
      expect(distance, `stretch ${i}`).toBeLessThan(0.03);
    }
  });

  it("keeps the soundtrack in sync when only some clips have sound", async () => {
    const silent = await handClip(dir, "silent", {
      durationSeconds: 2,
      base: await scenePanel({ hue: 10, figureX: 100 }),
    });
    const out = join(dir, "voiced.mp4");
    await runFfmpeg(ffmpegPath, [
      ...["-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=12", "-f", "lavfi"],
      ...["-i", "sine=frequency=440:sample_rate=48000", "-t", "1", "-c:v", "libx264", "-preset", "ultrafast"],
      ...["-pix_fmt", "yuv420p", "-c:a", "aac", "-y", out],
    ]);
    const voiced = await readFile(out);
    const stitched = await tools.stitch([silent, voiced]);
    const details = await tools.probeDetails(stitched);
    expect(details.hasAudio).toBe(true);
    expect(details.durationSeconds).toBeGreaterThan(2.9);
    expect(details.durationSeconds).toBeLessThan(3.15);
  });

  it("refuses an empty list", async () => {
    const error = await tools.stitch([]).catch((e) => e);
    expect(isAppError(error, "STITCH_EMPTY")).toBe(true);
  });
});

describe("thumbnail", () => {
  it("shrinks to the width as PNG and never enlarges", async () => {
    const panel = await scenePanel({ hue: 10, figureX: 100 });
    const small = await sharp(await tools.thumbnail(panel, 160)).metadata();
    expect([small.format, small.width, small.height]).toEqual(["png", 160, 90]);
    const same = await sharp(await tools.thumbnail(panel, 4000)).metadata();
    expect(same.width).toBe(640);
  });
});

describe("fitting a panel to the frame", () => {
  const tools = createFfmpegMediaTools({ ffmpegPath });
  const image = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: "#808080" } })
      .png()
      .toBuffer();

  it("scales an image of (nearly) the frame's aspect to the frame size", async () => {
    const fitted = await tools.fitFrame(await image(1344, 768), 1280, 720);
    expect(await sharp(fitted).metadata()).toMatchObject({ width: 1280, height: 720, format: "png" });
  });
  it("leaves an image of another aspect as it is, so the size check still catches it", async () => {
    const square = await tools.fitFrame(await image(512, 512), 1280, 720);
    expect(await sharp(square).metadata()).toMatchObject({ width: 512, height: 512 });
  });
});
