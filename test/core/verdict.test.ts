import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "../../src/config.ts";
import type { Scores } from "../../src/core/scores.ts";
import { measurements, parseJudgeAnswer, verdictOf } from "../../src/core/verdict.ts";

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
});
