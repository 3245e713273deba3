import { rm, writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { decide } from "../../commands/decide.ts";
import { resume } from "../../commands/resume.ts";
import { listEscalations } from "../../db/queries/escalations.ts";
import { findRun } from "../../db/queries/runs.ts";
import { findSceneGate } from "../../db/queries/scene-gates.ts";
import { runSceneGate } from "../../src/app/engine/scene-stage.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { renderRunSummary, summariseRun } from "../../src/app/runs/run-summary.ts";
import { ProviderError } from "../../src/core/provider-error.ts";
import type { SceneState } from "../../src/core/scene-machine.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { DATABASE_KINDS } from "../helpers/test-database.ts";
import { within } from "../helpers/within.ts";

describe.each(DATABASE_KINDS)("the scene gate on %s", (kind) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function renderScene(h: Harness) {
    const { run } = await launchRun(h.runtime, { scope: "s1", frames: false, requestedBy: "ana" });
    return within("the render", driveRun(h.runtime, run.id));
  }
  const gateOf = async (h: Harness, runId: string) => {
    const row = await findSceneGate(h.runtime.deps.db, runId);
    return { row, state: row?.state as unknown as SceneState | undefined };
  };

  it("a STOP written while the gate stitches ends the run stopped, and resume finishes it", async () => {
    harness = await createHarness(kind, { shots: 2 });
    const h = harness;
    const media = h.runtime.deps.media;
    const stitch = media.stitch.bind(media);
    let stitches = 0;
    h.runtime.deps.media = {
      ...media,
      async stitch(videos) {
        stitches += 1;
        if (stitches === 1) await writeFile(h.stopFile, "stop");
        return stitch(videos);
      },
    };
    const finished = await renderScene(h);
    expect(finished.status).toBe("stopped");
    const stopped = await gateOf(h, finished.id);
    expect(stopped.state?.status).toBe("stopped");
    expect(stopped.state?.message).toMatch(/STOP|stop/);
    expect(stopped.row?.leaseOwner).toBeNull();

    await rm(h.stopFile);
    const resumed = await within("resume", resume(h.runtime, { by: "ben", stopFile: h.stopFile }));
    expect(resumed.data.runs[0]?.status).toBe("done");
    expect((await gateOf(h, finished.id)).state?.status).toBe("passed");
  });

  it("a provider failure while judging the cuts escalates the scene with blame on the provider", async () => {
    harness = await createHarness(kind, { shots: 2 });
    const h = harness;
    const judge = h.runtime.deps.judge;
    h.runtime.deps.judge = {
      provider: judge.provider,
      modelId: judge.modelId,
      simulated: judge.simulated,
      async score(request) {
        if (request.continuity) throw new ProviderError("PROVIDER_SAFETY_BLOCK", "safety filter", "terminal");
        return judge.score(request);
      },
    };
    const finished = await renderScene(h);
    expect(finished.status).toBe("escalated");
    const gate = await gateOf(h, finished.id);
    expect(gate.state).toMatchObject({ status: "escalated", blame: "provider" });
    const escalations = await listEscalations(h.runtime.deps.db, { runId: finished.id });
    expect(escalations).toContainEqual(
      expect.objectContaining({ stage: "scene", blame: "provider", id: gate.state?.escalationId }),
    );
    expect(escalations.find((item) => item.stage === "scene")?.reason).toMatch(/PROVIDER_SAFETY_BLOCK/);

    // Status, chat threads and reports read the gate's own row.
    const summary = await summariseRun(h.runtime.deps.db, finished);
    expect(summary.sceneGate).toMatchObject({ status: "escalated", blame: "provider" });
    expect(renderRunSummary(summary)).toMatch(/scene escalated .*blame provider/);

    // The escalation offers the stitched scene; approving it passes the gate and finishes the run.
    const approved = await decide(h.runtime, "approve", {
      id: gate.state?.escalationId as string,
      by: "ben",
    });
    expect(approved.data.run.status).toBe("done");
    expect((await gateOf(h, finished.id)).state?.status).toBe("passed");
    expect((await findRun(h.runtime.deps.db, finished.id))?.status).toBe("done");
  });

  it("a cap reached while judging the cuts halts the run with the governor's message", async () => {
    harness = await createHarness(kind, { shots: 2 });
    const h = harness;
    const judge = h.runtime.deps.judge;
    const { run } = await launchRun(h.runtime, { scope: "s1", frames: false, requestedBy: "ana" });
    h.runtime.deps.judge = {
      provider: judge.provider,
      modelId: judge.modelId,
      simulated: judge.simulated,
      async score(request) {
        // The cap is lowered to what was spent once the gate starts: its first judge call cannot be reserved.
        if (request.continuity) throw new Error("the judge was called past the cap");
        return judge.score(request);
      },
    };
    const media = h.runtime.deps.media;
    const stitch = media.stitch.bind(media);
    h.runtime.deps.media = {
      ...media,
      async stitch(videos) {
        const { budgets } = await import("../../db/schema.ts");
        const { eq, sql } = await import("drizzle-orm");
        await h.runtime.deps.db
          .update(budgets)
          .set({ capMicros: sql`${budgets.committedMicros}` })
          .where(eq(budgets.scope, `run:${run.id}`));
        return stitch(videos);
      },
    };
    const finished = await within("the render", driveRun(h.runtime, run.id));
    expect(finished.status).toBe("halted");
    expect(finished.haltReason).toMatch(/per-run cap .* would be exceeded, halted/);
    expect((await gateOf(h, run.id)).state?.status).toBe("halted");
  });

  it("two jobs of one worker at the same gate: one stitches and judges, the other leaves it", async () => {
    harness = await createHarness(kind, { shots: 3 });
    const h = harness;
    const media = h.runtime.deps.media;
    const stitch = media.stitch.bind(media);
    let stitches = 0;
    let enterStitch: () => void = () => {};
    const inStitch = new Promise<void>((resolve) => {
      enterStitch = resolve;
    });
    let letStitch: () => void = () => {};
    const stitchMayGo = new Promise<void>((resolve) => {
      letStitch = resolve;
    });
    h.runtime.deps.media = {
      ...media,
      async stitch(videos) {
        stitches += 1;
        enterStitch();
        await stitchMayGo;
        return stitch(videos);
      },
    };
    const judge = h.runtime.deps.judge;
    let cutJudgements = 0;
    h.runtime.deps.judge = {
      provider: judge.provider,
      modelId: judge.modelId,
      simulated: judge.simulated,
      async score(request) {
        if (request.continuity) cutJudgements += 1;
        return judge.score(request);
      },
    };
    const { run } = await launchRun(h.runtime, { scope: "s1", frames: false, requestedBy: "ana" });
    const rendering = within("the render", driveRun(h.runtime, run.id));
    await within("the gate's stitch", inStitch);
    // A second job of the same worker process (a re-delivered job, a settle from another shot) reaches the gate.
    const second = runSceneGate(h.runtime.deps, run.id);
    // It either leaves the gate at once or reaches the stitch itself; either way the first may go on then.
    const reached = new Promise<"stitch">((resolve) => {
      const check = setInterval(() => {
        if (stitches > 1) {
          clearInterval(check);
          resolve("stitch");
        }
      }, 10);
      second.finally(() => clearInterval(check));
    });
    const outcome = await within("the second gate call", Promise.race([second, reached]));
    letStitch();
    const finished = await rendering;
    await second;
    expect(outcome).toBe(false);
    expect(finished.status).toBe("done");
    expect(stitches).toBe(1);
    expect(cutJudgements).toBe(2);
  });

  it("a database error during the gate releases its claim, and the gate is carried to the end", async () => {
    harness = await createHarness(kind, { shots: 2 });
    const h = harness;
    const media = h.runtime.deps.media;
    const stitch = media.stitch.bind(media);
    let stitches = 0;
    h.runtime.deps.media = {
      ...media,
      async stitch(videos) {
        stitches += 1;
        if (stitches === 1) throw new Error("Connection terminated unexpectedly");
        return stitch(videos);
      },
    };
    const finished = await renderScene(h);
    expect(finished.status).toBe("done");
    expect(stitches).toBe(2);
    const gate = await gateOf(h, finished.id);
    expect(gate.state?.status).toBe("passed");
    expect(gate.row?.leaseOwner).toBeNull();
  });
});
