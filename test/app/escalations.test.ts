import { afterEach, describe, expect, it } from "vitest";
import { decide } from "../../commands/decide.ts";
import { listEscalations } from "../../db/queries/escalations.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { summariseRun } from "../../src/app/runs/run-summary.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { DATABASE_KINDS } from "../helpers/test-database.ts";

describe.each(DATABASE_KINDS)("escalations on %s", (kind) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function renderTo(h: Harness, scope: string) {
    const { run } = await launchRun(h.runtime, { scope, frames: false, requestedBy: "ana" });
    return summariseRun(h.runtime.deps.db, await driveRun(h.runtime, run.id));
  }

  it("escalates at the retry cap with the best attempt, and an approver's approval carries the shot on", async () => {
    harness = await createHarness(kind, {
      shots: 2,
      script: { panel: (shot) => (shot === "S1" ? "off-model" : "good") },
    });
    const summary = await renderTo(harness, "s1");
    expect(summary.status).toBe("escalated");
    const s1 = summary.shots.find((shot) => shot.id === "S1");
    expect(s1?.status).toBe("escalated");
    expect(s1?.attempts.panel).toBe(3);
    // The rest of the run went on.
    expect(summary.shots.find((shot) => shot.id === "S2")?.status).toBe("accepted");
    const [escalation] = await listEscalations(harness.runtime.deps.db, { runId: summary.runId });
    expect(escalation?.blame).toBe("panel");
    expect(escalation?.reason).toMatch(/retry cap/);

    await expect(
      decide(harness.runtime, "approve", { id: escalation?.id as string, by: "ana" }),
    ).rejects.toMatchObject({ code: "SELF_APPROVAL" });
    const approved = await decide(harness.runtime, "approve", { id: escalation?.id as string, by: "ben" });
    expect(approved.data.run.status).toBe("done");
    // The video was made from the approved (best) attempt's panel, and only once.
    expect(
      harness.studio.log.videoStarts
        .filter((start) => start.shotId === "S1")
        .map((start) => start.startPanel),
    ).toEqual(["off-model"]);
    await expect(
      decide(harness.runtime, "reject", { id: escalation?.id as string, by: "ben" }),
    ).rejects.toMatchObject({ code: "ESCALATION_DECIDED" });
  });

  it("rejecting fails the shot and the run", async () => {
    harness = await createHarness(kind, { shots: 1, script: { panel: () => "off-model" } });
    const summary = await renderTo(harness, "S1");
    const [escalation] = await listEscalations(harness.runtime.deps.db, { runId: summary.runId });
    const rejected = await decide(harness.runtime, "reject", { id: escalation?.id as string, by: "ben" });
    expect(rejected.data.run.status).toBe("failed");
    expect(rejected.data.run.shots[0]?.status).toBe("failed");
    expect(harness.studio.log.videoStarts).toHaveLength(0);
  });

  it("stops a shot that makes no progress and blames the manifest when only the location keeps failing", async () => {
    harness = await createHarness(kind, {
      shots: 1,
      defaults: { maxAttempts: 6, noProgressWindow: 2 },
      script: { panel: () => "wrong-location" },
    });
    const summary = await renderTo(harness, "S1");
    expect(summary.status).toBe("escalated");
    expect(summary.shots[0]?.attempts.panel).toBe(3);
    const [escalation] = await listEscalations(harness.runtime.deps.db, { runId: summary.runId });
    expect(escalation?.reason).toMatch(/no progress/);
    expect(escalation?.blame).toBe("manifest");
  });

  it("refuses a decision on an escalation a newer run superseded", async () => {
    harness = await createHarness(kind, { shots: 1, script: { panel: () => "off-model" } });
    const first = await renderTo(harness, "S1");
    const [old] = await listEscalations(harness.runtime.deps.db, { runId: first.runId });
    await launchRun(harness.runtime, { scope: "S1", frames: false, requestedBy: "ana" });
    await expect(
      decide(harness.runtime, "approve", { id: old?.id as string, by: "ben" }),
    ).rejects.toMatchObject({ code: "ESCALATION_SUPERSEDED" });
    await expect(decide(harness.runtime, "approve", { id: "e000000", by: "ben" })).rejects.toMatchObject({
      code: "UNKNOWN_ESCALATION",
    });
  });
});
