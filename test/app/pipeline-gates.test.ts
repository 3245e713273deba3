import { afterEach, describe, expect, it } from "vitest";
import { ledgerRows } from "../../db/queries/spend.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { summariseRun } from "../../src/app/runs/run-summary.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { tinyPng } from "../helpers/test-bible.ts";
import { DATABASE_KINDS } from "../helpers/test-database.ts";

describe.each(DATABASE_KINDS)("the gated pipeline on %s", (kind) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function render(h: Harness, scope = "s1") {
    const { run } = await launchRun(h.runtime, { scope, frames: false, requestedBy: "ana" });
    const finished = await driveRun(h.runtime, run.id);
    return summariseRun(h.runtime.deps.db, finished);
  }

  it("renders a scene through every gate and stitches it", async () => {
    harness = await createHarness(kind, { shots: 2 });
    const summary = await render(harness);
    expect(summary.status).toBe("done");
    expect(summary.shots.map((shot) => shot.status)).toEqual(["accepted", "accepted"]);
    expect(await harness.runtime.deps.artifacts.stat(`runs/${summary.runId}/scene.mp4`)).toBeDefined();
    // The ledger balances: every reservation is closed, and the summary's spend is their sum.
    const rows = await ledgerRows(harness.runtime.deps.db, summary.runId);
    expect(rows.every((row) => row.status === "settled")).toBe(true);
    expect(rows.reduce((sum, row) => sum + (row.actualMicros ?? 0), 0)).toBe(summary.spentMicros);
  });

  it("regenerates a panel that fails identity, and video only ever receives a passing panel", async () => {
    harness = await createHarness(kind, {
      shots: 1,
      script: { panel: (_shot, _frame, attempt) => (attempt === 1 ? "off-model" : "good") },
    });
    const summary = await render(harness, "S1");
    expect(summary.status).toBe("done");
    expect(harness.studio.log.panelCalls.map((call) => call.quality)).toEqual(["off-model", "good"]);
    expect(harness.studio.log.videoStarts).toHaveLength(1);
    expect(harness.studio.log.videoStarts[0]?.startPanel).toBe("good");
  });

  it("catches an off-model panel named in the manifest before any video is made", async () => {
    harness = await createHarness(kind, {
      shots: 1,
      prepareBible: async (bible) => {
        await bible.write("scenes/s1/panels/S1.png", await tinyPng(9, 9, 9));
      },
      manifest: (manifest) => ({
        ...manifest,
        shots: manifest.shots.map((shot) => ({ ...shot, panel: "scenes/s1/panels/S1.png" })),
      }),
      script: { panel: () => "good" },
    });
    // The existing panel's bytes are unknown to the scripted judge unless registered: mark it off-model.
    const existing = await harness.bible.read("scenes/s1/panels/S1.png");
    const judged: string[] = [];
    const original = harness.studio.judge.score.bind(harness.studio.judge);
    harness.runtime.deps.judge = {
      ...harness.studio.judge,
      async score(request) {
        if (request.artifact.bytes.equals(existing)) {
          judged.push("existing");
          const answer = await original(request);
          const raw = answer.raw as { characters: { identity: { score: number; reason: string } }[] };
          raw.characters[0] = {
            ...raw.characters[0],
            identity: { score: 0.2, reason: "hair is a tight bun, not curly" },
          } as never;
          return answer;
        }
        return original(request);
      },
    };
    const summary = await render(harness, "S1");
    expect(judged).toEqual(["existing"]);
    expect(summary.status).toBe("done");
    // The existing panel failed, a generated one passed, and the video used the generated one.
    expect(harness.studio.log.panelCalls).toHaveLength(1);
    expect(harness.studio.log.videoStarts.map((start) => start.startPanel)).toEqual(["good"]);
  });

  it("retries a judge that answers garbage and never counts garbage as a pass", async () => {
    harness = await createHarness(kind, { shots: 1, script: { garbageJudgeCalls: 2 } });
    const summary = await render(harness, "S1");
    expect(summary.status).toBe("done");
    const rows = await ledgerRows(harness.runtime.deps.db, summary.runId);
    const judgeRows = rows.filter((row) => row.action.startsWith("judge."));
    expect(judgeRows.filter((row) => row.note?.includes("score schema"))).toHaveLength(2);
  });

  it("halts before the first action that would cross the cap, spending no more than the cap", async () => {
    harness = await createHarness(kind, { shots: 3, duration: 12 });
    const { run, plan } = await launchRun(harness.runtime, {
      scope: "s1",
      frames: false,
      budget: 500_000,
      requestedBy: "ana",
    });
    expect(plan.estimate.expected).toBeGreaterThan(500_000 * 4);
    const finished = await driveRun(harness.runtime, run.id);
    const summary = await summariseRun(harness.runtime.deps.db, finished);
    expect(summary.status).toBe("halted");
    expect(summary.haltReason).toBe("per-run cap $0.50 would be exceeded, halted");
    expect(summary.spentMicros).toBeLessThanOrEqual(500_000);
    expect(harness.studio.log.videoStarts).toHaveLength(0);
  });
});
