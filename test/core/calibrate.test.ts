import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "../../src/config.ts";
import { bestThreshold, calibrate, type Decision, MIN_DECISIONS } from "../../src/core/calibrate.ts";

let n = 0;
const decision = (approved: boolean, scores: Decision["scores"]): Decision => ({
  id: `esc-${++n}`,
  approved,
  scores,
});

describe("calibrate: thresholds learned from decisions", () => {
  it("finds the threshold between what the team approves and what it rejects", () => {
    // Identity: approved at 0.62 and up, rejected at 0.55 and down; the current 0.75 falsely
    // rejects the four approvals below it. Best: anything in (0.55, 0.62], 0.59 from the midpoint.
    const decisions = [
      ...[0.62, 0.66, 0.7, 0.72, 0.8, 0.9].map((score) => decision(true, { identity: score, wardrobe: 0.9 })),
      ...[0.3, 0.4, 0.5, 0.55].map((score) => decision(false, { identity: score, wardrobe: 0.9 })),
    ];
    const result = calibrate(decisions, DEFAULT_THRESHOLDS);
    const identity = result.criteria.find((item) => item.criterion === "identity");
    expect(identity).toMatchObject({
      decisions: 10,
      approved: 6,
      rejected: 4,
      agreements: 6,
      falseAccepts: 0,
      falseRejects: 4,
      best: 0.59,
      bestAgreements: 10,
      needs: 0,
    });
    // Wardrobe: every rejection is explained by identity, so only the six approvals speak for it.
    const wardrobe = result.criteria.find((item) => item.criterion === "wardrobe");
    expect(wardrobe).toMatchObject({ decisions: 6, agreements: 6, best: null, needs: MIN_DECISIONS - 6 });
    expect(result.thresholdsLine).toBe(
      "CONTINUITY_THRESHOLDS=identity=0.59,wardrobe=0.7,charactersPresent=0.9,location=0.7,props=0.6,continuity=0.6,artifacts=0.7",
    );
  });

  it("counts false accepts: rejections the current threshold would pass", () => {
    // Location: the team rejects 0.72-0.78 (the judge is too kind); the current 0.7 passes them.
    const decisions = [
      ...[0.85, 0.88, 0.9, 0.95, 0.97].map((score) => decision(true, { location: score })),
      ...[0.72, 0.75, 0.78, 0.4, 0.5].map((score) => decision(false, { location: score })),
    ];
    const location = calibrate(decisions, DEFAULT_THRESHOLDS).criteria.find(
      (item) => item.criterion === "location",
    );
    expect(location).toMatchObject({
      agreements: 7,
      falseAccepts: 3,
      falseRejects: 0,
      best: 0.82,
      bestAgreements: 10,
    });
  });

  it("keeps the current threshold when it already agrees best, and says how many more are needed", () => {
    expect(
      bestThreshold(
        [
          { score: 0.9, approved: true },
          { score: 0.2, approved: false },
        ],
        0.7,
      ),
    ).toEqual({
      threshold: 0.7,
      agreements: 2,
    });
    const few = calibrate([decision(true, { props: 0.8 })], DEFAULT_THRESHOLDS);
    expect(few.criteria.find((item) => item.criterion === "props")).toMatchObject({
      decisions: 1,
      best: null,
      needs: MIN_DECISIONS - 1,
    });
    expect(few.criteria.find((item) => item.criterion === "continuity")).toMatchObject({
      decisions: 0,
      needs: 10,
    });
  });

  it("can learn to fail everything when the team rejects everything", () => {
    const decisions = [0.8, 0.85, 0.9, 0.92, 0.95, 0.6, 0.7, 0.75, 0.5, 0.99].map((score) =>
      decision(false, { artifacts: score }),
    );
    const artifacts = calibrate(decisions, DEFAULT_THRESHOLDS).criteria.find(
      (item) => item.criterion === "artifacts",
    );
    expect(artifacts).toMatchObject({ best: 1, bestAgreements: 10, falseAccepts: 8 });
  });
});
