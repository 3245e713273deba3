import { describe, expect, it } from "vitest";
import { renderReport } from "../../src/app/report/render-report.ts";
import type { ReportAttempt, ReportData } from "../../src/app/report/report-data.ts";
import { scoreRows } from "../../src/app/report/score-rows.ts";
import type { Scores } from "../../src/core/scores.ts";

const SCRIPT = "<script>alert(1)</script>";
const ATTRIBUTE_BREAK = `x" onerror="alert(2)`;
const thresholds = {
  identity: 0.7,
  wardrobe: 0.7,
  charactersPresent: 0.8,
  location: 0.7,
  props: 0.6,
  continuity: 0.6,
  artifacts: 0.7,
};

const sheet: Scores = {
  characters: [
    {
      id: "ann",
      identity: { score: 0.3, reason: `hair is wrong ${SCRIPT}` },
      wardrobe: { score: 0.9, reason: "red coat" },
    },
  ],
  charactersPresent: { score: 1, reason: "all there", missing: [], extra: [] },
  location: { score: 0.9, reason: "the room" },
  props: { score: 0.9, reason: "lamp" },
  continuity: null,
  artifacts: { score: 0.95, reason: "clean" },
};

function attempt(overrides: Partial<ReportAttempt>): ReportAttempt {
  return {
    id: 1,
    shotId: "S1",
    stage: "panel",
    number: 1,
    source: "generated",
    verdict: "failed",
    score: 0.3,
    blame: "panel",
    failures: [
      { criterion: "identity", subject: "ann", score: 0.3, threshold: 0.7, reason: `hair ${SCRIPT}` },
    ],
    artifactKey: "runs/r1/S1/panel-1.png",
    cost: { micros: 39_000, calls: 2, open: false },
    images: [{ label: "panel", key: `runs/r1/S1/${ATTRIBUTE_BREAK}.png`, size: "panel" }],
    validations: [
      {
        id: 7,
        tier: "judge",
        subject: "panel",
        passed: false,
        rows: scoreRows("judge", sheet, { thresholds }) ?? [],
        unreadable: null,
      },
      {
        id: 8,
        tier: "judge",
        subject: "panel",
        passed: false,
        rows: [],
        unreadable: JSON.stringify({ odd: SCRIPT }),
      },
    ],
    createdAt: new Date("2025-03-01T10:00:00Z"),
    taken: false,
    outcome: { kind: "failed" },
    offeredBy: null,
    ...overrides,
  };
}

function data(): ReportData {
  return {
    generatedAt: new Date("2025-03-01T12:00:00Z"),
    run: {
      id: "r1",
      scope: `1A ${SCRIPT}`,
      sceneId: "s1",
      status: "escalated",
      haltReason: `halted ${SCRIPT}`,
      bibleVersion: "abc123",
      bibleUri: "/bible",
      frames: false,
      requestedBy: `<b>ana</b>`,
      createdAt: new Date("2025-03-01T10:00:00Z"),
      statusLine: "escalated",
    },
    totals: {
      capMicros: 500_000,
      spentMicros: 120_000,
      openMicros: 10_000,
      estimateExpectedMicros: 300_000,
      estimateWorstMicros: 900_000,
      ledgerRows: 4,
      simulated: "all",
      unattributedMicros: 0,
    },
    shots: [
      {
        id: "S1",
        order: 1,
        status: "escalated",
        stage: "panel",
        blame: "panel",
        message: `the manifest says ${SCRIPT}`,
        escalationId: "e1",
        attempts: [attempt({})],
        verdictLine: null,
        decisions: [],
        clipKey: null,
        sheet: [],
      },
    ],
    scene: null,
    sceneOutcome: { kind: "not-run" },
    escalations: [
      {
        id: "e1",
        shotId: "S1",
        stage: "panel",
        status: "pending",
        blame: "manifest",
        reason: `location fails ${SCRIPT}`,
        attemptId: 1,
        requestedBy: "ana",
        decidedBy: null,
        decidedAt: null,
        createdAt: new Date("2025-03-01T11:00:00Z"),
      },
    ],
  };
}

describe("renderReport", () => {
  const page = renderReport(data(), {
    images: new Map([[`runs/r1/S1/${ATTRIBUTE_BREAK}.png`, { error: `not found ${SCRIPT}` }]]),
    videos: new Map(),
  });

  it("escapes every text from users, manifests and judges", () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain(`" onerror="`);
    expect(page).not.toContain("<b>ana</b>");
    expect(page).toContain("hair is wrong &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("location fails &lt;script&gt;");
    expect(page).toContain("&lt;b&gt;ana&lt;/b&gt;");
  });

  it("forbids scripts and outside fetches even if something slipped through", () => {
    expect(page).toContain(
      `content="default-src 'none'; img-src data:; media-src 'self' file:; style-src 'unsafe-inline'"`,
    );
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("highlights the failing score and shows unknown score shapes raw", () => {
    expect(page).toMatch(
      /<tr class="fail" data-criterion="identity" data-subject="ann" data-decisive="true">/,
    );
    expect(page).toMatch(/<tr class="ok" data-criterion="wardrobe" data-subject="ann" data-decisive="true">/);
    expect(page).toMatch(/<tr class="unmeasured" data-criterion="continuity"/);
    expect(page).toContain('<pre class="raw">{&quot;odd&quot;:&quot;&lt;script&gt;');
    expect(page).toContain("simulated: no real money spent");
    expect(page).toContain("missing image");
  });

  it("marks criteria the scene gate does not decide on as not gated", () => {
    const rows = scoreRows(
      "judge",
      { ...sheet, continuity: { score: 0.4, reason: "jump" } },
      { thresholds, gatedCriteria: ["continuity"] },
    );
    expect(rows?.find((row) => row.criterion === "identity")).toMatchObject({ gated: false, failed: false });
    expect(rows?.find((row) => row.criterion === "continuity")).toMatchObject({ gated: true, failed: true });
    expect(scoreRows("judge", { verdict: "PASS" }, { thresholds })).toBeNull();
  });

  it("shows an advisory free-tier finding under its threshold without failing it", () => {
    const rows = scoreRows(
      "local",
      [{ criterion: "location", score: 0.2, reason: "21% matches the plate", decisive: false }],
      { thresholds },
    );
    expect(rows).toEqual([
      expect.objectContaining({ criterion: "location", decisive: false, failed: false }),
    ]);
  });
});
