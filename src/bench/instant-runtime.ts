import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { Database } from "../../db/create-db.ts";
import { createFolderStorage } from "../adapters/folder-storage.ts";
import { createSharpCastSheet } from "../adapters/sharp-cast-sheet.ts";
import { createSharpImageProbe } from "../adapters/sharp-image-probe.ts";
import { createKillSwitch } from "../adapters/stop-file-kill-switch.ts";
import { createRuntime, type Runtime } from "../app/runtime.ts";
import { DEFAULT_THRESHOLDS } from "../config.ts";
import { DEFAULT_CAPABILITY_TABLE } from "../core/model-capabilities.ts";
import { DEFAULT_PRICE_TABLE } from "../core/prices.ts";
import type { JobQueue } from "../ports/job-queue.ts";
import { createInstantStudio } from "./instant-studio.ts";
import { withLatency } from "./latency-studio.ts";

export const INSTANT_WIDTH = 640;
export const INSTANT_HEIGHT = 360;
const NO_CAP = 100_000_000_000;

/**
 * The real engine, queue and database with providers that answer well (at once, or after a fixed
 * wait that stands in for a provider's latency): what a run takes is then orchestration alone.
 */
export async function createInstantRuntime(input: {
  database: Database;
  queue: JobQueue;
  /** The bench folder: the bible is read from `bible/`, artifacts written under `name`. */
  dir: string;
  name: string;
  concurrency: number;
  latencyMs?: number;
}): Promise<Runtime> {
  const instant = await createInstantStudio(INSTANT_WIDTH, INSTANT_HEIGHT);
  const studio = input.latencyMs ? withLatency(instant, input.latencyMs) : instant;
  const { database } = input;
  return createRuntime({
    deps: {
      db: database.db,
      bible: createFolderStorage(join(input.dir, "bible")),
      artifacts: createFolderStorage(join(input.dir, input.name, "artifacts")),
      ...studio,
      clock: { now: () => new Date(), sleep: (ms) => delay(Math.min(ms, 5)) },
      prices: DEFAULT_PRICE_TABLE,
      dayCap: NO_CAP,
      capabilities: DEFAULT_CAPABILITY_TABLE,
      castSheets: createSharpCastSheet(),
      killSwitch: createKillSwitch({ db: database.db, stopFile: join(input.dir, input.name, "STOP") }),
      workerId: `${input.name}-${process.pid}`,
      leaseSeconds: 30,
      pollIntervalMs: 1,
      callTries: 3,
      onEvent: () => {},
    },
    queue: input.queue,
    probe: createSharpImageProbe(),
    defaults: {
      cap: NO_CAP,
      dayCap: NO_CAP,
      maxAttempts: 3,
      noProgressWindow: 2,
      thresholds: DEFAULT_THRESHOLDS,
      width: INSTANT_WIDTH,
      height: INSTANT_HEIGHT,
      timezone: "UTC",
      concurrency: input.concurrency,
      allowSelfApproval: false,
      durationPolicy: "refuse",
    },
    close: () => database.close(),
  });
}
