import { describe, expect, it } from "vitest";
import { breakDownSpend } from "../../src/bench/gated-spend-breakdown.ts";
import { type FaultRecord, perfectValidator } from "../../src/bench/perfect-validator.ts";

const PANEL = 39_000;
const CLIP = 2_900_000;
const shots = ["S1", "S2", "S3", "S4"].map((id) => ({ id, panelMicros: PANEL, videoMicros: CLIP }));

const log = (entries: [string, number, string | null][], frame?: string): FaultRecord[] =>
  entries.map(([shotId, attempt, fault]) => ({ shotId, attempt, fault, ...(frame ? { frame } : {}) }));

// S1 clean at once; S2 one bad panel, then one bad clip; S3 three bad panels (escalates);
// S4 clean panel, then a clip the logs never drew (the gated run accepted a faulty clip at 1).
const panelFaults = [
  ...log(
    [
      ["S1", 1, null],
      ["S2", 1, "off-model:mia:hair-colour"],
      ["S2", 2, null],
      ["S3", 1, "blank:grey"],
      ["S3", 2, "wrong-background"],
      ["S3", 3, "missing:leo"],
      ["S4", 1, null],
    ],
    "start",
  ),
  // An end panel of the same attempt number must not be read as the start panel.
  ...log([["S1", 1, "blank:black"]], "end"),
];
const videoFaults = log([
  ["S1", 1, null],
  ["S2", 1, "frozen"],
  ["S2", 2, null],
  ["S4", 1, "tail-snap"],
]);

describe("the perfect validator's bound", () => {
  const result = perfectValidator({ shots, maxAttempts: 3, panelFaults, videoFaults });

  it("pays for every generation up to the first clean one per stage, and escalates a stage that never comes clean", () => {
    const byId = Object.fromEntries(result.shots.map((shot) => [shot.id, shot]));
    expect(byId.S1).toMatchObject({
      outcome: "accepted",
      attempts: { panel: 1, video: 1 },
      spentMicros: PANEL + CLIP,
    });
    expect(byId.S2).toMatchObject({
      outcome: "accepted",
      attempts: { panel: 2, video: 2 },
      accepted: { panel: 2, video: 2 },
      spentMicros: 2 * PANEL + 2 * CLIP,
    });
    expect(byId.S3).toMatchObject({
      outcome: "escalated",
      attempts: { panel: 3, video: 0 },
      spentMicros: 3 * PANEL,
    });
    expect(byId.S4).toMatchObject({
      outcome: "undrawn",
      attempts: { panel: 1, video: 1 },
      spentMicros: PANEL + CLIP,
    });
    expect(result).toMatchObject({
      accepted: 2,
      escalated: 1,
      undrawn: 1,
      spentMicros: 7 * PANEL + 4 * CLIP,
      perAcceptedMicros: Math.round((7 * PANEL + 4 * CLIP) / 2),
    });
  });

  it("stops at the retry cap it is given", () => {
    const capped = perfectValidator({
      shots: [shots[1] as (typeof shots)[number]],
      maxAttempts: 1,
      panelFaults,
      videoFaults,
    });
    expect(capped.shots[0]).toMatchObject({
      outcome: "escalated",
      attempts: { panel: 1, video: 0 },
      spentMicros: PANEL,
    });
  });
});

describe("the gated spend beyond the perfect validator", () => {
  const perfect = perfectValidator({ shots: shots.slice(0, 3), maxAttempts: 3, panelFaults, videoFaults });
  // The gated run: S1 judged twice per stage; S2's good second clip rejected, a third made; S3 escalated.
  const attempts = [
    { id: 1, shotId: "S1", stage: "panel", number: 1 },
    { id: 2, shotId: "S1", stage: "video", number: 1 },
    { id: 3, shotId: "S2", stage: "panel", number: 1 },
    { id: 4, shotId: "S2", stage: "panel", number: 2 },
    { id: 5, shotId: "S2", stage: "video", number: 1 },
    { id: 6, shotId: "S2", stage: "video", number: 2 },
    { id: 7, shotId: "S2", stage: "video", number: 3 },
    { id: 8, shotId: "S3", stage: "panel", number: 1 },
    { id: 9, shotId: "S3", stage: "panel", number: 2 },
    { id: 10, shotId: "S3", stage: "panel", number: 3 },
  ];
  const generation = (attemptId: number) => {
    const attempt = attempts[attemptId - 1] as (typeof attempts)[number];
    return {
      shotId: attempt.shotId,
      attemptId,
      action: `generate.${attempt.stage}`,
      micros: attempt.stage === "panel" ? PANEL : CLIP,
    };
  };
  const judge = (attemptId: number, micros = 1_000) => ({
    shotId: attempts[attemptId - 1]?.shotId ?? null,
    attemptId,
    action: attempts[attemptId - 1]?.stage === "video" ? "judge.keyframe" : "judge.panel",
    micros,
  });
  const charges = [
    ...attempts.map((attempt) => generation(attempt.id)),
    judge(1),
    judge(2),
    judge(2),
    judge(4),
    judge(6),
    judge(7),
    judge(9, 500),
    judge(10, 500),
  ];
  const breakdown = breakDownSpend({ charges, attempts, escalatedShots: new Set(["S3"]), perfect });

  it("names judge calls, false rejects and escalations, and the parts add up to the difference", () => {
    expect(breakdown).toMatchObject({
      perfectMicros: 6 * PANEL + 3 * CLIP,
      gatedMicros: 6 * PANEL + 4 * CLIP + 7_000,
      judgeMicros: 6_000,
      judgeCalls: 6,
      falseRejectMicros: CLIP,
      falseRejectRegenerations: 1,
      escalationMicros: 1_000,
      escalatedShots: 1,
      otherMicros: 0,
    });
    expect(breakdown.judgingShare).toBeCloseTo(7_000 / (6 * PANEL + 4 * CLIP + 7_000), 12);
  });

  it("puts what it cannot name (a generation billed above list price) under other", () => {
    const dearer = charges.map((charge) =>
      charge.attemptId === 2 && charge.action === "generate.video"
        ? { ...charge, micros: CLIP + 250 }
        : charge,
    );
    const other = breakDownSpend({ charges: dearer, attempts, escalatedShots: new Set(["S3"]), perfect });
    expect(other.otherMicros).toBe(250);
    expect(other.judgeMicros + other.falseRejectMicros + other.escalationMicros + other.otherMicros).toBe(
      other.gatedMicros - other.perfectMicros,
    );
  });
});
