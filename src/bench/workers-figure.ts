import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import postgres from "postgres";
import { createDatabase } from "../../db/create-db.ts";
import { createPgBossJobQueue } from "../adapters/job-queue/pg-boss-job-queue.ts";
import { lockBible } from "../app/bible/check-bible.ts";
import { launchRun } from "../app/runs/render-scope.ts";
import { waitForRun } from "../app/runs/run-driver.ts";
import type { Storage } from "../ports/storage.ts";
import { sceneOf } from "./figure-scenes.ts";
import { createInstantRuntime } from "./instant-runtime.ts";
import { packageRoot } from "./package-root.ts";

export type WorkersFigure =
  | { skipped: string }
  | {
      shots: number;
      latencyMs: number;
      concurrency: number;
      processes: number;
      one: { seconds: number; shotsPerSecond: number };
      many: { seconds: number; shotsPerSecond: number };
      ratio: number;
    };

const PROCESSES = 4;
const SHOTS = 32;
const LATENCY_MS = 300;
const CONCURRENCY = 2;

function startWorker(env: Record<string, string>): { child: ChildProcess; ready: Promise<void> } {
  // From the package root: this module may run from the CLI's bundle in dist/.
  const entry = join(packageRoot(), "src", "bench", "bench-worker.ts");
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), entry], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready\n")) resolve();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) =>
      reject(new Error(`a bench worker exited (${code}) before it was ready:\n${output}`)),
    );
  });
  return { child, ready };
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
}

/**
 * Throughput with PROCESSES worker processes against one, on one PostgreSQL database, with
 * providers that wait LATENCY_MS per call (time spent on a provider's side, as with real models).
 * Both runs are measured one after the other in this bench, from the run's launch (every worker
 * already on the queue) to the moment the waiter sees it settled. A range of the scene, so the
 * scene gate (one worker's work by design) does not enter a figure about sharing shots.
 */
export async function workersFigure(
  dir: string,
  bible: Storage,
  maxDuration: number,
  /** The PostgreSQL server the figure makes its database on (see BenchEnvironment). */
  admin: string | undefined,
  out: (line: string) => void,
): Promise<WorkersFigure> {
  if (!admin) return { skipped: "no PostgreSQL (set CONTINUITY_BENCH_DATABASE_URL or TEST_DATABASE_URL)" };
  await bible.write(
    "scenes/workers/manifest.json",
    JSON.stringify(sceneOf("workers", "W", SHOTS + 1, maxDuration)),
  );
  const name = `continuity_bench_${randomBytes(5).toString("hex")}`;
  const server = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await server.unsafe(`create database ${name}`);
  } catch (error) {
    await server.end();
    return { skipped: `cannot create a database on ${new URL(admin).host} (${(error as Error).message})` };
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  try {
    const database = await createDatabase({ url: url.toString() });
    const queue = await createPgBossJobQueue(database, { connectionString: url.toString() });
    // This process only launches and waits: it starts no workers.
    const runtime = await createInstantRuntime({
      database,
      queue,
      dir,
      name: "workers",
      concurrency: CONCURRENCY,
    });
    try {
      await lockBible({ storage: runtime.deps.bible, probe: runtime.probe, db: database.db }, "bench");
      const measure = async (processes: number) => {
        const workers = Array.from({ length: processes }, (_, index) =>
          startWorker({
            CONTINUITY_BENCH_WORKER_URL: url.toString(),
            CONTINUITY_BENCH_WORKER_DIR: dir,
            CONTINUITY_BENCH_WORKER_NAME: `workers-${processes}-${index}`,
            CONTINUITY_BENCH_WORKER_CONCURRENCY: String(CONCURRENCY),
            CONTINUITY_BENCH_WORKER_LATENCY_MS: String(LATENCY_MS),
          }),
        );
        try {
          await Promise.all(workers.map((worker) => worker.ready));
          const started = performance.now();
          const scope = `W001-W${String(SHOTS).padStart(3, "0")}`;
          const { run } = await launchRun(runtime, { scope, frames: false, requestedBy: "bench" });
          const finished = await waitForRun(runtime.deps, queue, run.id);
          const seconds = (performance.now() - started) / 1000;
          if (finished.status !== "done")
            throw new Error(`the ${processes}-process run ended ${finished.status}`);
          return {
            seconds: Math.round(seconds * 100) / 100,
            shotsPerSecond: Math.round((SHOTS / seconds) * 100) / 100,
          };
        } finally {
          await stopWorkers(workers.map((worker) => worker.child));
        }
      };
      out(`  1 process …`);
      const one = await measure(1);
      out(`  ${PROCESSES} processes …`);
      const many = await measure(PROCESSES);
      return {
        shots: SHOTS,
        latencyMs: LATENCY_MS,
        concurrency: CONCURRENCY,
        processes: PROCESSES,
        one,
        many,
        // From the times, not the rounded rates.
        ratio: Math.round((one.seconds / many.seconds) * 100) / 100,
      };
    } finally {
      await runtime.close();
    }
  } finally {
    await server.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await server.end();
  }
}
