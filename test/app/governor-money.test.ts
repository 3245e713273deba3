import { writeFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { spend } from "../../commands/spend.ts";
import { findRun } from "../../db/queries/runs.ts";
import { ledgerRows } from "../../db/queries/spend.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import { DATABASE_KINDS } from "../helpers/test-database.ts";

describe.each(DATABASE_KINDS)("the governor's money on %s", (kind) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("releases, never charges, a call the STOP file caught after its reservation and before it was sent", async () => {
    harness = await createHarness(kind, { shots: 1 });
    const h = harness;
    const { run } = await launchRun(h.runtime, { scope: "S1", frames: false, requestedBy: "ana" });
    // The STOP file appears in the moment between the reservation and the last check before the call.
    const real = h.runtime.deps.killSwitch;
    h.runtime.deps.killSwitch = {
      reason: () => real.reason(),
      async assertRunning() {
        const rows = await ledgerRows(h.runtime.deps.db, run.id);
        if (rows.some((row) => row.status === "reserved")) await writeFile(h.stopFile, "");
        return real.assertRunning();
      },
    };
    const finished = await driveRun(h.runtime, run.id);
    expect(finished.status).toBe("stopped");
    expect(h.studio.log.panelCalls).toHaveLength(0);
    const rows = await ledgerRows(h.runtime.deps.db, run.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "released", actualMicros: 0 });
    expect(rows[0]?.note).toMatch(/never sent: kill switch: STOP file present/);
  });

  it("reserves an upper bound of a clip whose duration the provider rounds up", async () => {
    // 4.05 s at 12 fps is 49 frames: the provider bills 4.083 s.
    harness = await createHarness(kind, {
      shots: 1,
      duration: 4.05,
      script: { videoBilledSeconds: (seconds) => Math.round(seconds * 12) / 12 },
    });
    const { run } = await launchRun(harness.runtime, { scope: "S1", frames: false, requestedBy: "ana" });
    const finished = await driveRun(harness.runtime, run.id);
    expect(finished.status).toBe("done");
    const rows = await ledgerRows(harness.runtime.deps.db, run.id);
    const video = rows.find((row) => row.action === "generate.video");
    expect(video?.actualMicros).toBe(408_334);
    for (const row of rows) expect(row.actualMicros ?? 0).toBeLessThanOrEqual(row.reservedMicros);
  });

  it("records a provider that billed more than its reservation as billed, halts the run saying by how much, and spend shows it", async () => {
    harness = await createHarness(kind, {
      shots: 1,
      duration: 4,
      script: { videoBilledSeconds: (seconds) => seconds + 3 },
    });
    const h = harness;
    const { run } = await launchRun(h.runtime, { scope: "S1", frames: false, requestedBy: "ana" });
    const finished = await driveRun(h.runtime, run.id);
    expect(finished.status).toBe("halted");
    const halted = await findRun(h.runtime.deps.db, run.id);
    expect(halted?.haltReason).toMatch(
      /provider overrun: test\/scripted-video billed \$0\.70 for generate\.video, \$0\.30 more than its reservation of \$0\.40/,
    );
    const video = (await ledgerRows(h.runtime.deps.db, run.id)).find(
      (row) => row.action === "generate.video",
    );
    expect(video).toMatchObject({ status: "settled", reservedMicros: 400_000, actualMicros: 700_000 });
    const view = await spend(h.runtime.deps.db, {}, { now: new Date(), timezone: "UTC" });
    expect(view.data.providerOverrunMicros).toBe(300_000);
    expect(view.text).toMatch(/provider overrun \(billed past reservations\): \$0\.30/);
  });
});
