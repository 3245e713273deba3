import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "../../src/config.ts";
import { bestAttempt } from "../../src/core/best-attempt.ts";
import type { AttemptRecord } from "../../src/core/shot-machine.ts";

const attempt = (attemptId: number, failures: AttemptRecord["failures"]): AttemptRecord => ({
  attemptId,
  number: attemptId,
  passed: failures.length === 0,
  score: failures.length === 0 ? 0.9 : Math.min(...failures.map((failure) => failure.score)),
  failures,
});

describe("bestAttempt", () => {
  it("offers the right room with one small fault over a wrong-location panel when every attempt scores 0", () => {
    const minivan = attempt(1, [
      { criterion: "location", score: 0, reason: "inside a minivan, not the living room" },
      { criterion: "props", score: 0, reason: "no tv" },
    ]);
    const offModel = attempt(2, [
      { criterion: "identity", subject: "mia", score: 0, reason: "hair is wrong" },
      { criterion: "wardrobe", subject: "mia", score: 0.4, reason: "wrong top" },
    ]);
    const rightRoom = attempt(3, [{ criterion: "artifacts", score: 0, reason: "a stray line" }]);
    expect(bestAttempt([minivan, offModel, rightRoom], DEFAULT_THRESHOLDS)?.attemptId).toBe(3);
  });

  it("between the same failed criteria, offers the one nearest its thresholds", () => {
    const far = attempt(1, [
      { criterion: "identity", subject: "mia", score: 0, reason: "someone else" },
      { criterion: "artifacts", score: 0, reason: "garbage text" },
    ]);
    const near = attempt(2, [
      { criterion: "identity", subject: "mia", score: 0.7, reason: "hair slightly long" },
      { criterion: "artifacts", score: 0, reason: "garbage text" },
    ]);
    expect(bestAttempt([far, near], DEFAULT_THRESHOLDS)?.attemptId).toBe(2);
    expect(bestAttempt([near, far], DEFAULT_THRESHOLDS)?.attemptId).toBe(2);
  });

  it("counts a finding repeated on several keyframes once, and keeps the earlier attempt on a tie", () => {
    const repeated = attempt(1, [
      { criterion: "artifacts", subject: "first", score: 0.5, reason: "flicker" },
      { criterion: "artifacts", subject: "first", score: 0.5, reason: "flicker" },
    ]);
    const once = attempt(2, [{ criterion: "artifacts", subject: "first", score: 0.5, reason: "flicker" }]);
    expect(bestAttempt([repeated, once], DEFAULT_THRESHOLDS)?.attemptId).toBe(1);
    expect(bestAttempt([], DEFAULT_THRESHOLDS)).toBeUndefined();
  });
});
