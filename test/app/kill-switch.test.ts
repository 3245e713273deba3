import { writeFile } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { resume } from "../../commands/resume.ts";
import { stop } from "../../commands/stop.ts";
import { findRun } from "../../db/queries/runs.ts";
import { ledgerRows } from "../../db/queries/spend.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import type { StudioScript } from "../helpers/scripted-studio.ts";
import { DATABASE_KINDS } from "../helpers/test-database.ts";

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

describe.each(DATABASE_KINDS)("the kill switch on %s", (kind) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("stops a polling video within seconds, records its cost, starts nothing new, and resumes without paying twice", async () => {
    const script: StudioScript = { videoPolls: 1_000_000 };
    harness = await createHarness(kind, { shots: 1, script });
    const h = harness;
    const { run } = await launchRun(h.runtime, { scope: "S1", frames: false, requestedBy: "ana" });
    const driven = driveRun(h.runtime, run.id);
    await until("the video submission", () => h.studio.log.videoStarts.length === 1);
    const stoppedAt = Date.now();
    const view = await stop(h.runtime.deps.db, { by: "ana" });
    expect(view.data.inFlight).toEqual([{ runId: run.id, shots: ["S1"] }]);
    const finished = await driven;
    expect(finished.status).toBe("stopped");
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const video = (await ledgerRows(h.runtime.deps.db, run.id)).find(
      (row) => row.action === "generate.video",
    );
    expect(video?.status).toBe("uncertain");
    expect(video?.note).toMatch(/abandoned while polling/);

    // Resuming picks the same provider operation up again: no second submission, no second charge.
    script.videoPolls = 1;
    const resumed = await resume(h.runtime, { by: "ben", stopFile: h.stopFile });
    expect(resumed.data.runs[0]?.status).toBe("done");
    expect(h.studio.log.videoStarts).toHaveLength(1);
    const videoRows = (await ledgerRows(h.runtime.deps.db, run.id)).filter(
      (row) => row.action === "generate.video",
    );
    expect(videoRows).toHaveLength(1);
  });

  it("with a STOP file present, no paid action starts and resume refuses until it is removed", async () => {
    harness = await createHarness(kind, { shots: 2 });
    await writeFile(harness.stopFile, "");
    const { run } = await launchRun(harness.runtime, { scope: "s1", frames: false, requestedBy: "ana" });
    const finished = await driveRun(harness.runtime, run.id);
    expect(finished.status).toBe("stopped");
    expect(await ledgerRows(harness.runtime.deps.db, run.id)).toHaveLength(0);
    expect(harness.studio.log.panelCalls).toHaveLength(0);
    await expect(resume(harness.runtime, { by: "ben", stopFile: harness.stopFile })).rejects.toMatchObject({
      code: "STOP_FILE_PRESENT",
    });
    expect((await findRun(harness.runtime.deps.db, run.id))?.status).toBe("stopped");
  });
});
