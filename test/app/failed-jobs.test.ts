import { afterEach, describe, expect, it } from "vitest";
import { listRunShots } from "../../db/queries/run-shots.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { summariseRun } from "../../src/app/runs/run-summary.ts";
import type { ShotState } from "../../src/core/shot-machine.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { DATABASE_KINDS } from "../helpers/test-database.ts";
import { within } from "../helpers/within.ts";

describe.each(DATABASE_KINDS)("a shot whose job fails for good on %s", (kind) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("fails visibly with the error once the job's tries are spent, and the run ends", async () => {
    harness = await createHarness(kind, { shots: 2 });
    const h = harness;
    const imageModel = h.runtime.deps.imageModel;
    let s1Calls = 0;
    h.runtime.deps.imageModel = {
      provider: imageModel.provider,
      modelId: imageModel.modelId,
      simulated: imageModel.simulated,
      async generatePanel(request) {
        if (request.shot.id === "S1") {
          s1Calls += 1;
          throw new TypeError("Cannot read properties of undefined (reading 'width')");
        }
        return imageModel.generatePanel(request);
      },
    };
    const { run } = await launchRun(h.runtime, { scope: "S1-S2", frames: false, requestedBy: "ana" });
    const finished = await within("the render", driveRun(h.runtime, run.id));
    expect(finished.status).toBe("failed");
    const summary = await summariseRun(h.runtime.deps.db, finished);
    const s1 = summary.shots.find((shot) => shot.id === "S1");
    expect(s1).toMatchObject({ status: "failed", blame: "provider" });
    expect(s1?.message).toMatch(/INTERNAL: Cannot read properties of undefined .*failed on all 4 tries/);
    expect(summary.shots.find((shot) => shot.id === "S2")?.status).toBe("accepted");
    // One try per delivery: the first and three retries, then no more.
    expect(s1Calls).toBe(4);
    expect(h.events).toContainEqual(
      expect.objectContaining({ type: "shot", shotId: "S1", status: "failed" }),
    );
    const rows = await listRunShots(h.runtime.deps.db, run.id);
    expect(rows.map((row) => (row.state as unknown as ShotState).status)).toEqual(["failed", "accepted"]);
  });
});
