import { afterEach, describe, expect, it } from "vitest";
import { listAttempts } from "../../db/queries/attempts.ts";
import { runShot } from "../../src/app/engine/run-shot.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { DATABASE_KINDS } from "../helpers/test-database.ts";
import { within } from "../helpers/within.ts";

describe.each(DATABASE_KINDS)("a shot's lease on %s", (kind) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("is held by one claim: a second job of the same worker leaves the shot and pays for nothing", async () => {
    harness = await createHarness(kind, { shots: 1 });
    const h = harness;
    const image = h.runtime.deps.imageModel;
    let generations = 0;
    let entered: () => void = () => {};
    const inGeneration = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release: () => void = () => {};
    const mayGo = new Promise<void>((resolve) => {
      release = resolve;
    });
    h.runtime.deps.imageModel = {
      provider: image.provider,
      modelId: image.modelId,
      simulated: image.simulated,
      async generatePanel(request) {
        generations += 1;
        entered();
        await mayGo;
        return image.generatePanel(request);
      },
    };
    const { run, plan } = await launchRun(h.runtime, { scope: "s1", frames: false, requestedBy: "ana" });
    const shotId = plan.scope.shots[0]?.id as string;
    const rendering = within("the render", driveRun(h.runtime, run.id));
    await within("the first panel call", inGeneration);
    // A re-delivered job of the same shot reaches the same worker process while the first is mid-call.
    const second = runShot(h.runtime.deps, run.id, shotId);
    const outcome = await within(
      "the second job",
      Promise.race([
        second,
        new Promise<"paid">((resolve) => {
          const check = setInterval(() => generations > 1 && resolve("paid"), 10);
          second.finally(() => clearInterval(check));
        }),
      ]),
    );
    release();
    const finished = await rendering;
    await second;
    expect(outcome).toBe(false);
    expect(finished.status).toBe("done");
    const panels = (await listAttempts(h.runtime.deps.db, run.id)).filter(
      (attempt) => attempt.shotId === shotId && attempt.stage === "panel",
    );
    expect(panels).toHaveLength(1);
  });
});
