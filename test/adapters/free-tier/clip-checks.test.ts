import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFfmpegMediaTools } from "../../../src/adapters/ffmpeg/ffmpeg-media-tools.ts";
import { checkClip, clipSampleTimes } from "../../../src/adapters/free-tier/clip-checks.ts";
import type { LocalFinding } from "../../../src/ports/local-checks.ts";
import { ffmpegPath, type HandClip, handClip, scenePanel } from "../ffmpeg/clip-fixtures.ts";

const tools = createFfmpegMediaTools({ ffmpegPath });
const SECONDS = 4;
// Small frames keep the hand-made clips quick to build; the checks do not depend on size.
const WIDTH = 320;
const HEIGHT = 180;
let dir: string;
let start: Buffer;
let end: Buffer;
let unrelated: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "continuity-clip-checks-"));
  // The end panel is the same set with the figure moved, as in a real start+end shot.
  start = await scenePanel({ hue: 30, figureX: 150, width: WIDTH, height: HEIGHT });
  end = await scenePanel({ hue: 30, figureX: 400, width: WIDTH, height: HEIGHT });
  unrelated = await scenePanel({ hue: 220, figureX: 300, width: WIDTH, height: HEIGHT });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let clipCount = 0;
async function check(
  clip: HandClip,
  expected: { endPanel?: Buffer; startPanel?: Buffer; seconds?: number } = {},
): Promise<LocalFinding[]> {
  clipCount += 1;
  const video = await handClip(dir, `clip-${clipCount}`, { width: WIDTH, height: HEIGHT, ...clip });
  const info = await tools.probeVideo(video);
  const times = clipSampleTimes(info.durationSeconds);
  const frames = await tools.extractFrames(video, times);
  return checkClip({
    frames: frames.map((bytes, i) => ({ atSeconds: times[i] as number, bytes })),
    durationSeconds: info.durationSeconds,
    expectedDurationSeconds: expected.seconds ?? SECONDS,
    expectedWidth: WIDTH,
    expectedHeight: HEIGHT,
    startPanel: expected.startPanel ?? start,
    endPanel: expected.endPanel,
  });
}

function failing(findings: LocalFinding[]): LocalFinding[] {
  return findings.filter((finding) => finding.score < 0.5);
}

function expectClean(findings: LocalFinding[]) {
  for (const finding of findings) {
    expect(finding.criterion).toBe("artifacts");
    expect(finding.score, finding.reason).toBeGreaterThanOrEqual(0.9);
  }
}

function expectOnly(findings: LocalFinding[], reason: RegExp) {
  const bad = failing(findings);
  expect(bad.length, JSON.stringify(findings)).toBeGreaterThan(0);
  for (const finding of bad) expect(finding.reason).toMatch(reason);
  for (const finding of bad) expect(finding.score).toBeLessThan(0.3);
}

describe("checkClip on clean clips", () => {
  it("passes a push-in, with a finding for each thing measured", async () => {
    const findings = await check({ durationSeconds: SECONDS, base: start, push: true });
    expectClean(findings);
    const reasons = findings.map((finding) => finding.reason).join("\n");
    for (const measured of [/as expected/, /320x180/, /no black/, /moves/, /tail/, /start panel/]) {
      expect(reasons).toMatch(measured);
    }
  });

  it("passes a start+end clip that dissolves into its end panel", async () => {
    const findings = await check(
      { durationSeconds: SECONDS, base: start, push: true, morphFrom: 0, other: end },
      { endPanel: end },
    );
    expectClean(findings);
    expect(findings.some((finding) => /end panel/.test(finding.reason))).toBe(true);
  });
});

describe("checkClip catches", () => {
  it("a frozen clip", async () => {
    expectOnly(await check({ durationSeconds: SECONDS, base: start }), /frozen/);
  });

  it("a snap to a different image in the last frames", async () => {
    const findings = await check({
      durationSeconds: SECONDS,
      base: start,
      push: true,
      snapAt: 3.75,
      other: unrelated,
    });
    expectOnly(findings, /snap/);
  });

  it("a snap into the end panel at the very end (start+end mode)", async () => {
    const findings = await check(
      { durationSeconds: SECONDS, base: start, push: true, snapAt: SECONDS - 2 / 12, other: end },
      { endPanel: end },
    );
    expectOnly(findings, /snap/);
  });

  it("a late morph into the end panel", async () => {
    const findings = await check(
      { durationSeconds: SECONDS, base: start, push: true, morphFrom: SECONDS * 0.88, other: end },
      { endPanel: end },
    );
    expectOnly(findings, /snap/);
  });

  it("black frames", async () => {
    const findings = await check({ durationSeconds: SECONDS, base: start, push: true, black: [1.4, 2.2] });
    expectOnly(findings, /black/);
  });

  it("a clip of the wrong length", async () => {
    expectOnly(await check({ durationSeconds: 3, base: start, push: true }), /3s long, expected 4s/);
  });

  it("a clip of the wrong size", async () => {
    const findings = await check({
      durationSeconds: SECONDS,
      base: start,
      push: true,
      width: 160,
      height: 90,
    });
    expectOnly(findings, /160x90, expected 320x180/);
  });

  it("an end panel the clip never arrives at", async () => {
    const findings = await check({ durationSeconds: SECONDS, base: start, push: true }, { endPanel: end });
    expectOnly(findings, /end frame ignored/);
  });

  it("a first frame that is not the start panel", async () => {
    const findings = await check({ durationSeconds: SECONDS, base: unrelated, push: true });
    expectOnly(findings, /far from the start panel/);
  });
});

describe("checkClip with thin samples", () => {
  it("leaves out what it cannot measure instead of guessing", async () => {
    const video = await handClip(dir, "thin", {
      durationSeconds: SECONDS,
      width: WIDTH,
      height: HEIGHT,
      base: start,
      push: true,
    });
    const [first] = await tools.extractFrames(video, [0]);
    const findings = await checkClip({
      frames: [{ atSeconds: 0, bytes: first as Buffer }],
      durationSeconds: SECONDS,
      expectedDurationSeconds: SECONDS,
      expectedWidth: WIDTH,
      expectedHeight: HEIGHT,
      startPanel: start,
    });
    expectClean(findings);
    expect(findings.some((finding) => /frozen|moves|tail/.test(finding.reason))).toBe(false);
  });

  it("fails a clip with no frames at all", async () => {
    const findings = await checkClip({
      frames: [],
      durationSeconds: SECONDS,
      expectedDurationSeconds: SECONDS,
      expectedWidth: WIDTH,
      expectedHeight: HEIGHT,
      startPanel: start,
    });
    expect(Math.min(...findings.map((finding) => finding.score))).toBe(0);
  });
});

describe("clipSampleTimes", () => {
  it("covers the body and samples the last 15% densely, ending on the last frame", () => {
    const times = clipSampleTimes(12);
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(12);
    expect(times.filter((t) => t >= 12 * 0.85).length).toBeGreaterThanOrEqual(5);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
