import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "../../src/config.ts";
import type { Scores } from "../../src/core/scores.ts";
import {
  findingsAsMeasurements,
  measurements,
  parseJudgeAnswer,
  storedFindings,
  verdictOf,
} from "../../src/core/verdict.ts";

const good: Scores = {
  characters: [
    {
      id: "mia",
      identity: { score: 0.95, reason: "curly hair" },
      wardrobe: { score: 0.9, reason: "magenta top" },
    },
  ],
  charactersPresent: { score: 1, reason: "all present", missing: [], extra: [] },
  location: { score: 0.9, reason: "living room" },
  props: { score: 0.8, reason: "tv" },
  continuity: null,
  artifacts: { score: 0.95, reason: "clean" },
};

describe("verdicts", () => {
  it("derives the verdict from scores and thresholds, never from the judge", () => {
    expect(verdictOf(measurements(good), DEFAULT_THRESHOLDS)).toMatchObject({ passed: true, score: 0.8 });
    const offModel = {
      ...good,
      characters: [{ ...good.characters[0], identity: { score: 0.3, reason: "tight bun" } }],
    } as Scores;
    const verdict = verdictOf(measurements(offModel), DEFAULT_THRESHOLDS);
    expect(verdict.passed).toBe(false);
    expect(verdict.failures).toEqual([
      { criterion: "identity", subject: "mia", score: 0.3, reason: "tight bun", threshold: 0.75 },
    ]);
  });
  it.each([
    [{ verdict: "PASS" }],
    [{ ...good, location: { score: 1.4, reason: "x" } }],
    [{ ...good, characters: [] }],
    ["PASS"],
    [null],
  ])("treats a malformed or incomplete answer as a judge failure: %j", (raw) => {
    expect(() => parseJudgeAnswer(raw, ["mia"])).toThrow(
      expect.objectContaining({ code: "JUDGE_MALFORMED" }),
    );
  });
  it("never fails on an advisory finding, and keeps it out of the lowest score", () => {
    const findings = findingsAsMeasurements([
      { criterion: "artifacts", score: 1, reason: "640x360 as requested", decisive: true },
      { criterion: "location", score: 0.1, reason: "21% of the frame matches the plate", decisive: false },
    ]);
    const verdict = verdictOf([...measurements(good), ...findings], DEFAULT_THRESHOLDS);
    expect(verdict).toMatchObject({ passed: true, score: 0.8, failures: [] });
    expect(verdict.advisories).toEqual([
      expect.objectContaining({ criterion: "location", score: 0.1, decisive: false }),
    ]);
    // The same measurement, decisive, fails.
    const decisive = findingsAsMeasurements([
      { criterion: "location", score: 0.1, reason: "background far from the plate", decisive: true },
    ]);
    expect(verdictOf(decisive, DEFAULT_THRESHOLDS)).toMatchObject({ passed: false, score: 0.1 });
  });
  it("lists every stored finding with its decisive flag", () => {
    expect(
      storedFindings("local", [{ criterion: "location", score: 0.2, reason: "x", decisive: false }]),
    ).toEqual([{ criterion: "location", score: 0.2, reason: "x", decisive: false, tier: "local" }]);
    const judged = storedFindings("judge", good);
    expect(judged.length).toBeGreaterThan(3);
    expect(judged.every((finding) => finding.decisive && finding.tier === "judge")).toBe(true);
  });
});
