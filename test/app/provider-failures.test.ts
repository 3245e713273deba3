import { afterEach, describe, expect, it } from "vitest";
import { listEscalations } from "../../db/queries/escalations.ts";
import { ledgerRows } from "../../db/queries/spend.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { summariseRun } from "../../src/app/runs/run-summary.ts";
import { ProviderError } from "../../src/core/provider-error.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { DATABASE_KINDS } from "../helpers/test-database.ts";

describe.each(DATABASE_KINDS)("provider failures on %s", (kind) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function render(h: Harness, scope: string) {
    const { run } = await launchRun(h.runtime, { scope, frames: false, requestedBy: "ana" });
    return summariseRun(h.runtime.deps.db, await driveRun(h.runtime, run.id));
  }

  it("backs off on 429 and 5xx, releases what they reserved, and carries on", async () => {
    let calls = 0;
    harness = await createHarness(kind, {
      shots: 1,
      script: {
        panel: () => {
          calls += 1;
          if (calls === 1)
            return new ProviderError("PROVIDER_RATE_LIMITED", "429 from the provider", "retryable", 10);
          if (calls === 2)
            return new ProviderError("PROVIDER_UNAVAILABLE", "503 from the provider", "retryable");
          return "good";
        },
      },
    });
    const summary = await render(harness, "S1");
    expect(summary.status).toBe("done");
    const panelRows = (await ledgerRows(harness.runtime.deps.db, summary.runId)).filter(
      (row) => row.action === "generate.panel",
    );
    expect(panelRows.map((row) => row.status)).toEqual(["released", "released", "settled"]);
    expect(panelRows[0]?.note).toMatch(/PROVIDER_RATE_LIMITED/);
  });

  it("escalates a safety block with blame on the provider, without retrying it, and the run goes on", async () => {
    harness = await createHarness(kind, {
      shots: 2,
      script: {
        panel: (shot) =>
          shot === "S1"
            ? new ProviderError("PROVIDER_SAFETY_BLOCK", "the model refused: IMAGE_SAFETY", "terminal")
            : "good",
      },
    });
    const summary = await render(harness, "s1");
    expect(summary.status).toBe("escalated");
    expect(summary.shots.find((shot) => shot.id === "S2")?.status).toBe("accepted");
    const [escalation] = await listEscalations(harness.runtime.deps.db, { runId: summary.runId });
    expect(escalation).toMatchObject({ shotId: "S1", blame: "provider" });
    expect(escalation?.reason).toMatch(/PROVIDER_SAFETY_BLOCK: the model refused: IMAGE_SAFETY/);
    expect(harness.studio.log.panelCalls.filter((call) => call.shotId === "S1")).toHaveLength(1);
  });

  it("never re-sends a video submission whose answer was lost: it is charged and handed to a human", async () => {
    harness = await createHarness(kind, {
      shots: 1,
      script: {
        videoStart: () => new ProviderError("PROVIDER_TIMEOUT", "no answer within 60 s", "uncertain"),
      },
    });
    const summary = await render(harness, "S1");
    expect(summary.status).toBe("escalated");
    const [escalation] = await listEscalations(harness.runtime.deps.db, { runId: summary.runId });
    expect(escalation?.reason).toMatch(/SUBMISSION_UNCERTAIN: .*not re-sent blindly/);
    const video = (await ledgerRows(harness.runtime.deps.db, summary.runId)).filter(
      (row) => row.action === "generate.video",
    );
    expect(video.map((row) => row.status)).toEqual(["uncertain"]);
    expect(video[0]?.actualMicros).toBe(video[0]?.reservedMicros);
  });
});
