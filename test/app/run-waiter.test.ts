import { afterEach, describe, expect, it } from "vitest";
import { launchRun } from "../../src/app/runs/render-scope.ts";
import { waitForRun } from "../../src/app/runs/run-driver.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { within } from "../helpers/within.ts";

describe("the run waiter", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("gives up with RUN_STALLED, naming the open shots, when nothing in the run moves", async () => {
    harness = await createHarness("pglite", { shots: 2 });
    // No worker is started: the shots are queued and nothing will ever move them.
    const { run } = await launchRun(harness.runtime, { scope: "s1", frames: false, requestedBy: "ana" });
    const waited = waitForRun(harness.runtime.deps, harness.runtime.queue, run.id, {
      stallSeconds: 2,
      intervalMs: 50,
    });
    const error = await within(
      "the waiter",
      waited.then(
        () => undefined,
        (failure: unknown) => failure,
      ),
    );
    expect(error).toMatchObject({ code: "RUN_STALLED" });
    expect((error as Error).message).toMatch(
      new RegExp(
        `run ${run.id} \\(running\\) has not moved for 2 s: S1 pending, S2 pending; .*continuity resume ${run.id}`,
      ),
    );
  });
});
