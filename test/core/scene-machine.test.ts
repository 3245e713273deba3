import { describe, expect, it } from "vitest";
import { AppError } from "../../src/core/app-error.ts";
import { failureOutcome } from "../../src/core/failure-outcome.ts";
import { ProviderError } from "../../src/core/provider-error.ts";
import { applySceneEvent, initialSceneState, runStatusOf } from "../../src/core/scene-machine.ts";

describe("the scene machine", () => {
  const stitching = applySceneEvent(initialSceneState(), { type: "started" });

  it("goes from pending to stitching to passed, and the run is done", () => {
    expect(stitching.status).toBe("stitching");
    expect(runStatusOf(stitching)).toBeUndefined();
    const stitched = applySceneEvent(stitching, { type: "stitched", attemptId: 7 });
    const passed = applySceneEvent(stitched, { type: "passed" });
    expect(passed).toMatchObject({ status: "passed", attemptId: 7 });
    expect(runStatusOf(passed)).toBe("done");
  });

  it("a stopped or halted gate starts again when resumed; a decided one does not", () => {
    const stopped = applySceneEvent(stitching, { type: "stopped", message: "kill switch: STOP file" });
    expect(runStatusOf(stopped)).toBe("stopped");
    expect(applySceneEvent(stopped, { type: "resumed" })).toEqual({ status: "stitching" });
    const failed = applySceneEvent(stitching, { type: "failed", blame: "provider", message: "x" });
    expect(applySceneEvent(failed, { type: "resumed" }).status).toBe("failed");
    expect(runStatusOf(failed)).toBe("failed");
  });

  it("an escalation is decided once: approval passes the gate, rejection fails it", () => {
    const escalated = applySceneEvent(stitching, {
      type: "escalated",
      escalationId: "e1",
      blame: "video",
      message: "continuity fails across 1A→1B",
    });
    expect(runStatusOf(escalated)).toBe("escalated");
    expect(applySceneEvent(escalated, { type: "approved" }).status).toBe("passed");
    expect(applySceneEvent(escalated, { type: "rejected", message: "no" }).status).toBe("failed");
    expect(applySceneEvent(stitching, { type: "approved" }).status).toBe("stitching");
  });
});

describe("failureOutcome maps failures the same way for shots and the scene", () => {
  it.each([
    [new AppError("BUDGET_EXCEEDED", "per-run cap $0.50 would be exceeded, halted"), "halt"],
    [new AppError("STOPPED", "kill switch"), "stop"],
    [new AppError("PRICE_UNKNOWN", "no price"), "fail"],
    [new AppError("REFERENCE_UNREADABLE", "leo: no standing figure"), "fail"],
    [new ProviderError("PROVIDER_SAFETY_BLOCK", "safety", "terminal"), "escalate"],
    [new AppError("JUDGE_MALFORMED", "garbage"), "escalate"],
  ])("%s -> %s", (error, kind) => {
    expect(failureOutcome(error)?.kind).toBe(kind);
  });

  it("leaves anything else to the job's retries", () => {
    expect(failureOutcome(new Error("Connection terminated unexpectedly"))).toBeUndefined();
    expect(failureOutcome(new AppError("DATABASE_UNREACHABLE", "x"))).toBeUndefined();
  });

  it("blames the reference for one that cannot be read", () => {
    expect(failureOutcome(new AppError("REFERENCE_UNREADABLE", "leo"))).toMatchObject({
      blame: "reference",
      message: "REFERENCE_UNREADABLE: leo",
    });
  });
});
