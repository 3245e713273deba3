import type { ClipCheckInput, LocalFinding } from "../../ports/local-checks.ts";

/** A clip finding before it is marked decisive (every clip check is: see checkClip). */
type Measured = Omit<LocalFinding, "decisive">;

import { type FrameSignature, frameDistance, frameSignature } from "./frame-signature.ts";

/**
 * Calibration, in frame-distance units (mean absolute colour difference, 0..1) unless said
 * otherwise. Measured on clips rendered by the local model and by hand-made faulty clips:
 * an H.264 round trip of the same picture is ~0.005; a slow push-in moves the picture ~0.05
 * over a clip; two unrelated panels are 0.15+ apart.
 */
const BLACK_MEAN = 0.06;
const BLACK_SPREAD = 0.04;
const BLANK_SPREAD = 0.012;
const FROZEN_BELOW = 0.004;
const MOVING_ABOVE = 0.02;
/** A tail step is a snap when it changes faster than the rest of the clip by this factor range. */
const SNAP_RATIO_OK = 3;
const SNAP_RATIO_BAD = 8;
/** Changes smaller than this are not visible as a jump, whatever the ratio. */
const SNAP_MIN_JUMP = 0.03;
/** Change per second below which a clip counts as still, so a near-static body does not make noise look like a snap. */
const RATE_FLOOR = 0.01;
const PANEL_CLOSE = 0.03;
const PANEL_FAR = 0.12;
/** Share of the start-to-end distance still left at the last frame that is fine, and that is a failure. */
const JOURNEY_OK = 0.3;
const JOURNEY_BAD = 0.7;
const TAIL_SHARE = 0.15;

/**
 * Where to sample a clip so every check can measure: evenly through the body and densely in
 * the last 15%, ending on the final frame (extractFrames clamps `durationSeconds` to it).
 */
export function clipSampleTimes(durationSeconds: number, bodySamples = 8, tailSamples = 6): number[] {
  const tailStart = durationSeconds * (1 - TAIL_SHARE);
  const body = Array.from({ length: bodySamples }, (_, i) => (tailStart * i) / bodySamples);
  const tail = Array.from(
    { length: tailSamples },
    (_, i) => tailStart + ((durationSeconds - tailStart) * i) / (tailSamples - 1),
  );
  return [...body, ...tail];
}

type Sample = { atSeconds: number; signature: FrameSignature };

/**
 * The free tier for clips: one finding per thing measured, all under "artifacts", each high
 * when fine. A measurement the samples cannot support (e.g. no frames in the tail) is left out
 * rather than guessed.
 */
export async function checkClip(input: ClipCheckInput): Promise<LocalFinding[]> {
  // Every clip check holds for any model's output (duration, size, black frames, frozen, a tail
  // snap, first and last frame against the accepted panels), so all of them decide.
  return (await measureClip(input)).map((finding) => ({ ...finding, decisive: true }));
}

async function measureClip(input: ClipCheckInput): Promise<Measured[]> {
  const samples: Sample[] = await Promise.all(
    [...input.frames]
      .sort((a, b) => a.atSeconds - b.atSeconds)
      .map(async (frame) => ({ atSeconds: frame.atSeconds, signature: await frameSignature(frame.bytes) })),
  );
  const findings: Measured[] = [durationFinding(input)];
  if (samples.length === 0) {
    findings.push({ criterion: "artifacts", score: 0, reason: "no frames could be sampled from the clip" });
    return findings;
  }
  findings.push(sizeFinding(samples, input));
  const dark = samples.filter((sample) => isBlackOrBlank(sample.signature));
  findings.push(blackFinding(samples, dark));
  const lit = samples.filter((sample) => !dark.includes(sample));
  if (lit.length >= 2) findings.push(frozenFinding(lit));
  const tail = tailFinding(lit, input.durationSeconds);
  if (tail) findings.push(tail);

  const first = samples[0] as Sample;
  const last = samples[samples.length - 1] as Sample;
  const frameSlack = Math.max(0.1, input.durationSeconds * 0.05);
  const startPanel = await frameSignature(input.startPanel);
  if (first.atSeconds <= frameSlack) findings.push(startFinding(first, startPanel));
  if (input.endPanel && last.atSeconds >= input.durationSeconds - frameSlack - 0.1) {
    findings.push(endFinding(last, await frameSignature(input.endPanel), startPanel));
  }
  return findings;
}

function durationFinding(input: ClipCheckInput): Measured {
  const { durationSeconds: got, expectedDurationSeconds: want } = input;
  const off = Math.abs(got - want);
  // One frame at the slowest common rate, or 2%, is rounding, not a wrong clip.
  const tolerance = Math.max(0.1, want * 0.02);
  const score = off <= tolerance ? 1 : clamp(1 - (off - tolerance) / (want * 0.15));
  const reason = off <= tolerance ? `${fmt(got)}s as expected` : `${fmt(got)}s long, expected ${fmt(want)}s`;
  return { criterion: "artifacts", score, reason };
}

function sizeFinding(samples: Sample[], input: ClipCheckInput): Measured {
  const wrong = samples.find(
    (s) => s.signature.width !== input.expectedWidth || s.signature.height !== input.expectedHeight,
  );
  const want = `${input.expectedWidth}x${input.expectedHeight}`;
  if (!wrong) return { criterion: "artifacts", score: 1, reason: `frames are ${want} as expected` };
  const got = `${wrong.signature.width}x${wrong.signature.height}`;
  return { criterion: "artifacts", score: 0, reason: `frames are ${got}, expected ${want}` };
}

function isBlackOrBlank(signature: FrameSignature): boolean {
  if (signature.meanLuma < BLACK_MEAN && signature.lumaSpread < BLACK_SPREAD) return true;
  return signature.lumaSpread < BLANK_SPREAD;
}

function blackFinding(samples: Sample[], dark: Sample[]): Measured {
  if (dark.length === 0) {
    return {
      criterion: "artifacts",
      score: 1,
      reason: `no black or blank frames in ${samples.length} sampled`,
    };
  }
  const kind = dark.every((s) => s.signature.meanLuma < BLACK_MEAN) ? "black" : "black or blank";
  return {
    criterion: "artifacts",
    score: 0,
    reason: `${kind} frames at ${dark.map((s) => `${fmt(s.atSeconds)}s`).join(", ")}`,
  };
}

function frozenFinding(lit: Sample[]): Measured {
  const first = lit[0] as Sample;
  const motion = Math.max(...lit.slice(1).map((s) => frameDistance(first.signature, s.signature)));
  const score = clamp((motion - FROZEN_BELOW) / (MOVING_ABOVE - FROZEN_BELOW));
  const reason =
    score >= 1
      ? `the picture moves (change ${fmt(motion)})`
      : `frozen: frames barely change across the clip (change ${fmt(motion)}, expected at least ${MOVING_ABOVE})`;
  return { criterion: "artifacts", score, reason };
}

/**
 * A snap or a late morph is a tail step that changes far faster than the clip's usual pace.
 * Steps are compared as change per second so unevenly spaced samples stay comparable.
 */
function tailFinding(lit: Sample[], durationSeconds: number): Measured | undefined {
  const tailStart = durationSeconds * (1 - TAIL_SHARE) - 1e-6;
  const steps = lit.slice(1).flatMap((b, i) => {
    const a = lit[i] as Sample;
    const dt = b.atSeconds - a.atSeconds;
    if (dt <= 0) return [];
    const jump = frameDistance(a.signature, b.signature);
    return [{ from: a.atSeconds, to: b.atSeconds, jump, rate: jump / dt, inTail: a.atSeconds >= tailStart }];
  });
  const tailSteps = steps.filter((step) => step.inTail);
  if (tailSteps.length === 0 || steps.length < 2) return undefined;
  const peak = tailSteps.reduce((best, step) => (step.rate > best.rate ? step : best));
  const others = steps.filter((step) => step !== peak).map((step) => step.rate);
  const pace = Math.max(RATE_FLOOR, median(others));
  const ratio = peak.rate / pace;
  const score =
    peak.jump < SNAP_MIN_JUMP ? 1 : clamp(1 - (ratio - SNAP_RATIO_OK) / (SNAP_RATIO_BAD - SNAP_RATIO_OK));
  const where = `${fmt(peak.from)}s-${fmt(peak.to)}s`;
  const reason =
    score >= 1
      ? `the tail moves at the clip's pace (fastest tail change ${fmt(ratio)}x usual)`
      : `snap in the tail: ${where} changes ${fmt(ratio)}x faster than the rest of the clip`;
  return { criterion: "artifacts", score, reason };
}

function startFinding(first: Sample, startPanel: FrameSignature): Measured {
  const distance = frameDistance(first.signature, startPanel);
  const score = closeness(distance);
  const reason =
    score >= 1
      ? `first frame matches the start panel (distance ${fmt(distance)})`
      : `first frame is far from the start panel (distance ${fmt(distance)})`;
  return { criterion: "artifacts", score, reason };
}

/**
 * Far is relative to the journey: when the end panel differs from the start panel only a
 * little (a figure moved), a last frame most of that little way off has not arrived.
 */
function endFinding(last: Sample, endPanel: FrameSignature, startPanel: FrameSignature): Measured {
  const toEnd = frameDistance(last.signature, endPanel);
  const toStart = frameDistance(last.signature, startPanel);
  const journey = frameDistance(startPanel, endPanel);
  const leftToGo = toEnd / Math.max(journey, PANEL_CLOSE);
  const score =
    toEnd <= PANEL_CLOSE
      ? 1
      : Math.min(closeness(toEnd), clamp(1 - (leftToGo - JOURNEY_OK) / (JOURNEY_BAD - JOURNEY_OK)));
  // Still nearer the start panel than the end one is the classic ignored end frame.
  const stuckAtStart = journey > PANEL_CLOSE && toStart < toEnd;
  const reason =
    score >= 1
      ? `last frame arrives at the end panel (distance ${fmt(toEnd)})`
      : stuckAtStart
        ? `end frame ignored: the last frame is nearer the start panel (${fmt(toStart)}) than the end panel (${fmt(toEnd)})`
        : `last frame is far from the end panel (distance ${fmt(toEnd)}, ${fmt(leftToGo * 100)}% of the way from the start panel)`;
  return { criterion: "artifacts", score, reason };
}

function closeness(distance: number): number {
  return clamp(1 - (distance - PANEL_CLOSE) / (PANEL_FAR - PANEL_CLOSE));
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function fmt(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
