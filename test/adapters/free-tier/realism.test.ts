import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFfmpegMediaTools } from "../../../src/adapters/ffmpeg/ffmpeg-media-tools.ts";
import { clipSampleTimes } from "../../../src/adapters/free-tier/clip-checks.ts";
import { createFreeTier } from "../../../src/adapters/free-tier/create-free-tier.ts";
import { DEFAULT_THRESHOLDS } from "../../../src/config.ts";
import { findingsAsMeasurements, type Verdict, verdictOf } from "../../../src/core/verdict.ts";
import { type DemoStudio, loadDemoStudio } from "../../helpers/demo-studio.ts";
import { ffmpegPath, type HandClip, handClip } from "../ffmpeg/clip-fixtures.ts";
import { composedPanel, GOOD_EDITS, reRendered, seeded, type Variant } from "./realism-variants.ts";

/**
 * The free tier on pictures that look like real model output, not the offline studio's. It may
 * only decide what is certain on any model's output, so it must keep (almost) every good variant
 * and still decide (almost) every gross failure. Both rates are printed.
 */
const FRAME = { width: 640, height: 360 };
const LOCATIONS = ["living_room", "magic_minivan", "jurassic_swamp", "cave_hideout"] as const;
const CAST = ["mia", "leo", "jenny"];
const freeTier = createFreeTier({ studioArtifacts: false });
const media = createFfmpegMediaTools({ ffmpegPath });

let studio: DemoStudio;
let dir: string;
const bases: { location: string; bytes: Buffer }[] = [];

/** As the panel stage does it: fit to the frame, then the free tier, then the verdict. */
async function judgeStill(bytes: Buffer, location: string): Promise<Verdict> {
  const fitted = await media.fitFrame(bytes, FRAME.width, FRAME.height).catch(() => bytes);
  const findings = await freeTier.checkImage({
    bytes: fitted,
    expectedWidth: FRAME.width,
    expectedHeight: FRAME.height,
    plate: studio.plate(location),
    turnarounds: CAST.map((id) => studio.turnaround(id)),
  });
  return verdictOf(findingsAsMeasurements(findings), DEFAULT_THRESHOLDS);
}

let clipCount = 0;
async function judgeClip(clip: HandClip, startPanel: Buffer): Promise<Verdict> {
  clipCount += 1;
  const video = await handClip(dir, `clip-${clipCount}`, {
    width: FRAME.width,
    height: FRAME.height,
    ...clip,
  });
  const info = await media.probeVideo(video);
  const times = clipSampleTimes(info.durationSeconds);
  const frames = await media.extractFrames(video, times);
  const findings = await freeTier.checkClip({
    frames: frames.map((bytes, i) => ({ atSeconds: times[i] as number, bytes })),
    durationSeconds: info.durationSeconds,
    expectedDurationSeconds: clip.durationSeconds,
    expectedWidth: FRAME.width,
    expectedHeight: FRAME.height,
    startPanel,
  });
  return verdictOf(findingsAsMeasurements(findings), DEFAULT_THRESHOLDS);
}

function describeMiss(name: string, verdict: Verdict): string {
  return `${name}: ${verdict.failures.map((f) => `${f.criterion} ${f.score.toFixed(2)} ${f.reason}`).join("; ") || "passed"}`;
}

beforeAll(async () => {
  studio = await loadDemoStudio();
  dir = await mkdtemp(join(tmpdir(), "continuity-realism-"));
  const random = seeded(9);
  for (const location of LOCATIONS) {
    for (let i = 0; i < 1; i++) {
      bases.push({
        location,
        bytes: await composedPanel(studio.plate(location), random, { width: 1280, height: 720 }),
      });
    }
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the free tier on realistic model output", () => {
  it("keeps at least 99% of good variants and decides at least 99% of gross failures", async () => {
    const random = seeded(17);
    const good: (Variant & { location: string })[] = [];
    for (const base of bases) {
      for (const [name, edit] of Object.entries(GOOD_EDITS)) {
        good.push({
          name: `${base.location} ${name}`,
          location: base.location,
          bytes: await edit(base.bytes, random),
        });
      }
      for (let i = 0; i < 8; i++) {
        const variant = await reRendered(base.bytes, random);
        good.push({ ...variant, name: `${base.location} ${variant.name}`, location: base.location });
      }
    }

    const gross: (Variant & { location: string })[] = [];
    const solid = (background: { r: number; g: number; b: number }, width = 1344, height = 768) =>
      sharp({ create: { width, height, channels: 3, background } })
        .png()
        .toBuffer();
    for (const location of LOCATIONS) {
      const plate = studio.plate(location);
      const panel = (bases.find((base) => base.location === location) as { bytes: Buffer }).bytes;
      const { width, height } = FRAME;
      gross.push(
        { name: `${location} black`, location, bytes: await solid({ r: 0, g: 0, b: 0 }) },
        { name: `${location} near-black`, location, bytes: await solid({ r: 9, g: 8, b: 12 }) },
        { name: `${location} blank white`, location, bytes: await solid({ r: 255, g: 255, b: 255 }) },
        { name: `${location} mid-grey`, location, bytes: await solid({ r: 128, g: 128, b: 128 }) },
        { name: `${location} plate handed back`, location, bytes: plate },
        {
          name: `${location} plate handed back as JPEG at 1344x768`,
          location,
          bytes: await sharp(plate).resize(1344, 768, { fit: "fill" }).jpeg({ quality: 60 }).toBuffer(),
        },
        {
          name: `${location} plate handed back, graded`,
          location,
          bytes: await sharp(plate).modulate({ brightness: 1.1 }).png().toBuffer(),
        },
        ...CAST.map((id) => ({
          name: `${location} turnaround ${id} handed back`,
          location,
          bytes: studio.turnaround(id),
        })),
        {
          name: `${location} bottom half cut off`,
          location,
          bytes: await sharp(panel)
            .resize(width, height)
            .composite([
              { input: await solid({ r: 128, g: 128, b: 128 }, width, height / 2), top: height / 2, left: 0 },
            ])
            .png()
            .toBuffer(),
        },
        {
          name: `${location} right half cut off`,
          location,
          bytes: await sharp(panel)
            .resize(width, height)
            .composite([
              { input: await solid({ r: 0, g: 0, b: 0 }, width / 2, height), top: 0, left: width / 2 },
            ])
            .png()
            .toBuffer(),
        },
        {
          name: `${location} truncated file`,
          location,
          bytes: panel.subarray(0, Math.floor(panel.length / 2)),
        },
        { name: `${location} empty answer`, location, bytes: Buffer.alloc(0) },
        { name: `${location} text answer`, location, bytes: Buffer.from("I cannot draw that scene.") },
        {
          name: `${location} square answer`,
          location,
          bytes: await sharp(panel).resize(1024, 1024, { fit: "fill" }).png().toBuffer(),
        },
      );
    }

    const goodMisses: string[] = [];
    for (const variant of good) {
      const verdict = await judgeStill(variant.bytes, variant.location);
      if (!verdict.passed) goodMisses.push(describeMiss(variant.name, verdict));
    }
    const grossMisses: string[] = [];
    for (const variant of gross) {
      const verdict = await judgeStill(variant.bytes, variant.location);
      if (verdict.passed) grossMisses.push(variant.name);
    }

    // Clips: a push-in on a good panel, graded or not, passes; frozen, another shot's panel as the
    // first frame, and black are decided.
    const panelA = await sharp((bases[0] as { bytes: Buffer }).bytes)
      .resize(FRAME.width, FRAME.height)
      .png()
      .toBuffer();
    const panelB = await sharp((bases[2] as { bytes: Buffer }).bytes)
      .resize(FRAME.width, FRAME.height)
      .png()
      .toBuffer();
    const gradedA = await sharp(panelA).modulate({ brightness: 1.06 }).png().toBuffer();
    const goodClips: [string, HandClip, Buffer][] = [
      ["push-in", { durationSeconds: 4, base: panelA, push: true }, panelA],
      ["push-in, graded by the video model", { durationSeconds: 4, base: gradedA, push: true }, panelA],
      ["push-in on another set", { durationSeconds: 5, base: panelB, push: true }, panelB],
    ];
    const grossClips: [string, HandClip, Buffer][] = [
      ["frozen clip", { durationSeconds: 4, base: panelA }, panelA],
      ["first frame is another shot's panel", { durationSeconds: 4, base: panelB, push: true }, panelA],
      ["black stretch", { durationSeconds: 4, base: panelA, push: true, black: [1, 2] }, panelA],
    ];
    for (const [name, clip, start] of goodClips) {
      const verdict = await judgeClip(clip, start);
      if (!verdict.passed) goodMisses.push(describeMiss(`clip ${name}`, verdict));
    }
    for (const [name, clip, start] of grossClips) {
      if ((await judgeClip(clip, start)).passed) grossMisses.push(`clip ${name}`);
    }

    const goodTotal = good.length + goodClips.length;
    const grossTotal = gross.length + grossClips.length;
    const kept = (goodTotal - goodMisses.length) / goodTotal;
    const decided = (grossTotal - grossMisses.length) / grossTotal;
    console.log(
      `realism: free tier kept ${goodTotal - goodMisses.length}/${goodTotal} good variants (${(kept * 100).toFixed(1)}%), ` +
        `decided ${grossTotal - grossMisses.length}/${grossTotal} gross failures (${(decided * 100).toFixed(1)}%)`,
    );
    if (goodMisses.length) console.log(`good variants failed:\n  ${goodMisses.join("\n  ")}`);
    if (grossMisses.length) console.log(`gross failures passed:\n  ${grossMisses.join("\n  ")}`);
    expect(kept, goodMisses.join("\n")).toBeGreaterThanOrEqual(0.99);
    expect(decided, grossMisses.join("\n")).toBeGreaterThanOrEqual(0.99);
  });
});
