import { afterEach, describe, expect, it } from "vitest";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { within } from "../helpers/within.ts";

describe("stitching the scene", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("reads each accepted clip only when the stitcher takes it: never all of a scene's clips at once", async () => {
    harness = await createHarness("pglite", { shots: 4 });
    const h = harness;
    const { artifacts, media } = h.runtime.deps;
    const clipReads: string[] = [];
    let stitching = false;
    h.runtime.deps.artifacts = {
      ...artifacts,
      uri: artifacts.uri,
      read: async (key) => {
        if (stitching && /\/video-\d+\.[a-z0-9]+$/.test(key)) clipReads.push(key);
        return artifacts.read(key);
      },
    };
    // How many clips had been read each time the stitcher took one: 1, 2, 3, 4 when read on demand.
    const readWhenTaken: number[] = [];
    h.runtime.deps.media = {
      ...media,
      async stitch(videos) {
        const taken: Buffer[] = [];
        for await (const video of videos) {
          readWhenTaken.push(clipReads.length);
          taken.push(video);
        }
        return media.stitch(taken);
      },
    };
    const { run } = await launchRun(h.runtime, { scope: "s1", frames: false, requestedBy: "ana" });
    // Clips read before the gate (the video stage's own) are not the stitcher's.
    const original = h.runtime.deps.onEvent;
    h.runtime.deps.onEvent = (event) => {
      if (event.type === "run" && event.status === "stitching") stitching = true;
      original(event);
    };
    const finished = await within("the render", driveRun(h.runtime, run.id));
    expect(finished.status).toBe("done");
    expect(readWhenTaken).toEqual([1, 2, 3, 4]);
  });
});
