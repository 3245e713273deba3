import { createDatabase } from "../../db/create-db.ts";
import { createPgBossJobQueue } from "../adapters/job-queue/pg-boss-job-queue.ts";
import { lockBible } from "../app/bible/check-bible.ts";
import { driveRun, launchRun } from "../app/runs/render-scope.ts";
import type { Storage } from "../ports/storage.ts";
import { sceneOf } from "./figure-scenes.ts";
import { createInstantRuntime } from "./instant-runtime.ts";
import { type MemoryFigure, sampleMemory } from "./memory-sampler.ts";
import { type WorkersFigure, workersFigure } from "./workers-figure.ts";

export interface ScaleFigure extends MemoryFigure {
  shots: number;
  status: string;
  seconds: number;
  shotsPerSecond: number;
}

export interface OrchestrationFigures {
  overheadMsPerShot: number;
  scale: ScaleFigure;
  workers: WorkersFigure;
}

/**
 * A whole scene through the real engine on an in-memory PGlite with zero-latency providers, in
 * this process: seconds, shots per second, and this process's memory while it ran (the PGlite
 * database lives in it too).
 */
async function instantRun(dir: string, name: string, scene: string, shots: number) {
  const database = await createDatabase({});
  const queue = await createPgBossJobQueue(database);
  const runtime = await createInstantRuntime({ database, queue, dir, name, concurrency: 2 });
  try {
    await lockBible({ storage: runtime.deps.bible, probe: runtime.probe, db: database.db }, "bench");
    const memory = sampleMemory();
    const started = performance.now();
    const { run } = await launchRun(runtime, { scope: scene, frames: false, requestedBy: "bench" });
    const finished = await driveRun(runtime, run.id);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, status: finished.status, memory: memory.stop(), shots };
  } finally {
    await runtime.close();
  }
}

/**
 * The orchestration figures of issue 14: overhead per shot with zero-latency providers, the
 * 1,000-shot run (time and memory), and 4 worker processes against 1 on PostgreSQL.
 */
export async function orchestrationFigures(
  dir: string,
  bible: Storage,
  input: {
    overheadScene: string;
    overheadShots: number;
    scaleShots: number;
    maxDuration: number;
    postgresUrl: string | undefined;
  },
  out: (line: string) => void,
): Promise<OrchestrationFigures> {
  await bible.write(
    "scenes/scale/manifest.json",
    JSON.stringify(sceneOf("scale", "S", input.scaleShots, input.maxDuration)),
  );
  out("orchestration overhead with zero-latency providers …");
  const overhead = await instantRun(dir, "overhead", input.overheadScene, input.overheadShots);
  const overheadMsPerShot = Math.round((overhead.seconds * 1000) / input.overheadShots);
  out(`scale: ${input.scaleShots} shots through the whole engine with zero-latency providers …`);
  const scaled = await instantRun(dir, "scale", "scale", input.scaleShots);
  const scale: ScaleFigure = {
    shots: input.scaleShots,
    status: scaled.status,
    seconds: Math.round(scaled.seconds * 10) / 10,
    shotsPerSecond: Math.round((input.scaleShots / scaled.seconds) * 10) / 10,
    ...scaled.memory,
  };
  out("workers: 4 worker processes against 1 on PostgreSQL …");
  const workers = await workersFigure(dir, bible, input.maxDuration, input.postgresUrl, out);
  return { overheadMsPerShot, scale, workers };
}

/** The figures' lines, each beside its target. */
export function printOrchestration(figures: OrchestrationFigures, out: (line: string) => void): void {
  const { scale, workers } = figures;
  out(
    `orchestration overhead: ${figures.overheadMsPerShot} ms per shot on PGlite with zero-latency providers (target at most 20)`,
  );
  out(
    `scale: ${scale.shots} shots (${scale.status}) in ${scale.seconds} s, ${scale.shotsPerSecond} shots/s (target: 1,000 shots in at most 60 s${scale.shots === 1000 ? "" : ", CONTINUITY_BENCH_SCALE_SHOTS=1000 for it"}); peak RSS ${scale.peakRssMb} MB, peak heap ${scale.peakHeapMb} MB (first quarter ${scale.firstQuarterHeapMb} MB, last ${scale.lastQuarterHeapMb} MB)`,
  );
  if ("skipped" in workers) out(`workers: skipped, ${workers.skipped}`);
  else
    out(
      `workers: ${workers.shots} shots on PostgreSQL, ${workers.latencyMs} ms per provider call: 1 process ${workers.one.shotsPerSecond} shots/s, ${workers.processes} processes ${workers.many.shotsPerSecond} shots/s, ${workers.ratio}x (target at least 3x)`,
    );
}
