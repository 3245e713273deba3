import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { createFolderStorage } from "../../src/adapters/folder-storage.ts";
import { createPgBossJobQueue } from "../../src/adapters/job-queue/pg-boss-job-queue.ts";
import { createSharpCastSheet } from "../../src/adapters/sharp-cast-sheet.ts";
import { createSharpImageProbe } from "../../src/adapters/sharp-image-probe.ts";
import { createKillSwitch } from "../../src/adapters/stop-file-kill-switch.ts";
import { lockBible } from "../../src/app/bible/check-bible.ts";
import type { EngineEvent } from "../../src/app/engine/engine-deps.ts";
import { createRuntime, type RunDefaults, type Runtime } from "../../src/app/runtime.ts";
import { DEFAULT_THRESHOLDS } from "../../src/config.ts";
import type { Manifest } from "../../src/core/manifest.ts";
import { type CapabilityTable, DEFAULT_CAPABILITY_TABLE } from "../../src/core/model-capabilities.ts";
import { DEFAULT_PRICE_TABLE, type PriceTable } from "../../src/core/prices.ts";
import type { Storage } from "../../src/ports/storage.ts";
import { createScriptedStudio, type ScriptedStudio, type StudioScript } from "./scripted-studio.ts";
import { writeTestBible } from "./test-bible.ts";
import { type DatabaseKind, openTestDatabase, type TestDatabase } from "./test-database.ts";

/** The scripted providers' prices: what a test's ledger is checked against. */
export const TEST_PRICES: PriceTable = {
  version: "test-1",
  models: {
    ...DEFAULT_PRICE_TABLE.models,
    "test/scripted-image": { standsInFor: "gemini/gemini-2.5-flash-image" },
    "test/scripted-judge": { standsInFor: "gemini/gemini-2.5-flash" },
    "test/scripted-video": { usdPerSecond: "0.10" },
  },
};

/** The scripted providers make whatever they are asked: the harness tests the engine, not the limits. */
export const TEST_CAPABILITIES: CapabilityTable = {
  version: "test-1",
  models: {
    ...DEFAULT_CAPABILITY_TABLE.models,
    "test/scripted-image": { role: "image", referenceImages: 16 },
    "test/scripted-judge": { role: "judge", imagesPerRequest: 64 },
    "test/scripted-video": {
      role: "video",
      durations: { min: 1, max: 60, step: 0.001 },
      endFrame: true,
      resolutions: ["any"],
    },
  },
};

export interface Harness {
  runtime: Runtime;
  studio: ScriptedStudio;
  bible: Storage;
  testDb: TestDatabase;
  dir: string;
  stopFile: string;
  events: EngineEvent[];
  close(): Promise<void>;
}

export async function createHarness(
  kind: DatabaseKind,
  options: {
    script?: StudioScript;
    shots?: number;
    duration?: number;
    manifest?: (manifest: Manifest) => Manifest;
    defaults?: Partial<RunDefaults>;
    prepareBible?: (bible: Storage) => Promise<void>;
  } = {},
): Promise<Harness> {
  const testDb = await openTestDatabase(kind);
  const dir = await mkdtemp(join(tmpdir(), "continuity-engine-"));
  const bible = createFolderStorage(join(dir, "bible"));
  await writeTestBible(bible, options);
  await options.prepareBible?.(bible);
  const db = testDb.database.db;
  const probe = createSharpImageProbe();
  await lockBible({ storage: bible, probe, db }, "tester");
  const studio = createScriptedStudio(options.script);
  const stopFile = join(dir, "STOP");
  const events: EngineEvent[] = [];
  const queue = await createPgBossJobQueue(testDb.database, { connectionString: testDb.url });
  const runtime = createRuntime({
    deps: {
      db,
      bible,
      artifacts: createFolderStorage(join(dir, "artifacts")),
      imageModel: studio.imageModel,
      videoModel: studio.videoModel,
      judge: studio.judge,
      localChecks: studio.localChecks,
      media: studio.media,
      castSheets: createSharpCastSheet(),
      clock: { now: () => new Date(), sleep: (ms) => delay(Math.min(ms, 20)) },
      prices: TEST_PRICES,
      dayCap: options.defaults?.dayCap ?? 500_000_000,
      capabilities: TEST_CAPABILITIES,
      killSwitch: createKillSwitch({ db, stopFile }),
      workerId: `test-${Math.random().toString(36).slice(2, 8)}`,
      leaseSeconds: 5,
      pollIntervalMs: 20,
      callTries: 3,
      onEvent: (event) => events.push(event),
    },
    queue,
    probe,
    defaults: {
      cap: 15_000_000,
      dayCap: 500_000_000,
      maxAttempts: 3,
      noProgressWindow: 2,
      thresholds: DEFAULT_THRESHOLDS,
      width: 64,
      height: 36,
      timezone: "UTC",
      concurrency: 2,
      allowSelfApproval: false,
      durationPolicy: "refuse" as const,
      ...options.defaults,
    },
  });
  return {
    runtime,
    studio,
    bible,
    testDb,
    dir,
    stopFile,
    events,
    async close() {
      await runtime.close();
      await testDb.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
