import { describe, expect, it } from "vitest";
import { blameFor } from "../../src/core/blame.ts";
import {
  type AttemptRecord,
  applyShotEvent,
  initialShotState,
  type MachineSettings,
  nextStep,
  noProgress,
} from "../../src/core/shot-machine.ts";

const settings: MachineSettings = {
  maxAttempts: 3,
  noProgressWindow: 2,
  frames: false,
  existing: { panel: false, "end-panel": false },
};
const judged = (
  attemptId: number,
  score: number,
  passed: boolean,
  criterion: "identity" | "location" = "identity",
): AttemptRecord => ({
  attemptId,
  number: attemptId,
  score,
  passed,
  failures: passed
    ? []
    : [{ criterion, score, reason: "r", ...(criterion === "identity" ? { subject: "mia" } : {}) }],
});

describe("the shot state machine", () => {
  it("goes references → panel → video → accepted, never to video without an accepted panel", () => {
    let state = applyShotEvent(initialShotState(), { type: "started" }, settings);
    expect(nextStep(state, settings)).toEqual({ kind: "check-references" });
    state = applyShotEvent(state, { type: "references-passed" }, settings);
    expect(nextStep(state, settings)).toMatchObject({ kind: "attempt", stage: "panel", number: 1 });
    state = applyShotEvent(state, { type: "attempt-started", stage: "panel", existing: false }, settings);
    state = applyShotEvent(
      state,
      { type: "judged", stage: "panel", record: judged(1, 0.2, false) },
      settings,
    );
    expect(nextStep(state, settings)).toMatchObject({ kind: "attempt", stage: "panel", number: 2 });
    state = applyShotEvent(state, { type: "attempt-started", stage: "panel", existing: false }, settings);
    state = applyShotEvent(state, { type: "judged", stage: "panel", record: judged(2, 0.9, true) }, settings);
    expect(state.stages.panel.accepted).toBe(2);
    expect(nextStep(state, settings)).toMatchObject({ kind: "attempt", stage: "video", number: 1 });
    state = applyShotEvent(state, { type: "attempt-started", stage: "video", existing: false }, settings);
    state = applyShotEvent(state, { type: "judged", stage: "video", record: judged(3, 0.9, true) }, settings);
    expect(state.status).toBe("accepted");
    expect(nextStep(state, settings)).toEqual({ kind: "finished" });
  });

  it("resumes an attempt cut off by a crash under the same number", () => {
    let state = applyShotEvent(initialShotState(), { type: "references-passed" }, settings);
    state = applyShotEvent(state, { type: "attempt-started", stage: "panel", existing: false }, settings);
    expect(nextStep(state, settings)).toEqual({
      kind: "attempt",
      stage: "panel",
      number: 1,
      existing: false,
      resumed: true,
    });
  });

  it("tries an existing manifest panel first, and goes through frames mode's end panel", () => {
    const frames = { ...settings, frames: true, existing: { panel: true, "end-panel": false } };
    let state = applyShotEvent(initialShotState(), { type: "references-passed" }, frames);
    expect(nextStep(state, frames)).toMatchObject({ kind: "attempt", stage: "panel", existing: true });
    state = applyShotEvent(state, { type: "attempt-started", stage: "panel", existing: true }, frames);
    state = applyShotEvent(state, { type: "judged", stage: "panel", record: judged(1, 0.9, true) }, frames);
    expect(nextStep(state, frames)).toMatchObject({ kind: "attempt", stage: "end-panel", existing: false });
  });

  it("escalates at the retry cap, and on no progress before it", () => {
    let state = applyShotEvent(initialShotState(), { type: "references-passed" }, settings);
    for (const [index, score] of [0.5, 0.3, 0.4].entries()) {
      state = applyShotEvent(state, { type: "attempt-started", stage: "panel", existing: false }, settings);
      state = applyShotEvent(
        state,
        { type: "judged", stage: "panel", record: judged(index + 1, score, false) },
        settings,
      );
    }
    expect(nextStep(state, settings)).toEqual({ kind: "escalate", stage: "panel", reason: "retry-cap" });
    const roomy = { ...settings, maxAttempts: 10 };
    expect(nextStep(state, roomy)).toEqual({ kind: "escalate", stage: "panel", reason: "no-progress" });
  });

  it("detects no progress only when the recent best is no better than the earlier best", () => {
    expect(noProgress([judged(1, 0.3, false), judged(2, 0.4, false), judged(3, 0.5, false)], 2)).toBe(false);
    expect(noProgress([judged(1, 0.6, false), judged(2, 0.4, false), judged(3, 0.5, false)], 2)).toBe(true);
    expect(noProgress([judged(1, 0.6, false), judged(2, 0.4, false)], 2)).toBe(false);
  });

  it("blames the manifest for a location failure that survives regeneration, the panel otherwise", () => {
    expect(blameFor("panel", [judged(1, 0.2, false, "location"), judged(2, 0.2, false, "location")])).toBe(
      "manifest",
    );
    expect(blameFor("panel", [judged(1, 0.2, false, "location")])).toBe("panel");
    expect(blameFor("panel", [judged(1, 0.2, false), judged(2, 0.2, false)])).toBe("panel");
    expect(blameFor("video", [judged(1, 0.2, false)])).toBe("video");
  });
});

describe("blame for a clip made from an approved panel that had failed", () => {
  const failing = (criterion: "identity" | "location", subject?: string) => ({
    passed: false,
    failures: [{ criterion, ...(subject ? { subject } : {}) }],
  });
  it("is the panel when the clip fails where the panel did", () => {
    expect(blameFor("video", [failing("location")], failing("location"))).toBe("panel");
  });
  it("is the video when the clip fails somewhere new", () => {
    expect(blameFor("video", [failing("identity", "mia")], failing("location"))).toBe("video");
    expect(blameFor("video", [failing("identity", "mia")], { passed: true, failures: [] })).toBe("video");
  });
});
