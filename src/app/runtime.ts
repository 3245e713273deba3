import type { Micros } from "../core/money.ts";
import type { DurationPolicy } from "../core/plan-checks.ts";
import type { Thresholds } from "../core/verdict.ts";
import type { ImageProbe } from "../ports/image-probe.ts";
import type { JobQueue } from "../ports/job-queue.ts";
import type { EngineDeps } from "./engine/engine-deps.ts";
import { processShotJob } from "./runs/run-driver.ts";
import { startTakeOver, type TakeOver } from "./runs/take-over.ts";

export interface RunDefaults {
  cap: Micros;
  dayCap: Micros;
  maxAttempts: number;
  noProgressWindow: number;
  thresholds: Thresholds;
  width: number;
  height: number;
  timezone: string;
  concurrency: number;
  allowSelfApproval: boolean;
  /** What plan time does with a duration the video model cannot make. */
  durationPolicy: DurationPolicy;
}

/** A working engine: its dependencies, its job queue and the defaults runs start with. */
export interface Runtime {
  deps: EngineDeps;
  queue: JobQueue;
  probe: ImageProbe;
  defaults: RunDefaults;
  /** Starts this process's workers on the queue (once). */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export function createRuntime(
  input: Omit<Runtime, "startWorkers" | "close"> & { close?: () => Promise<void> },
): Runtime {
  let working: Promise<void> | undefined;
  let takeOver: TakeOver | undefined;
  return {
    ...input,
    startWorkers() {
      working ??= input.queue.work(input.defaults.concurrency, (job, attempt) =>
        processShotJob(input.deps, input.queue, job, attempt),
      );
      // Every process that works the queue also takes over what dead workers left.
      takeOver ??= startTakeOver(input.deps, input.queue);
      return working;
    },
    async close() {
      takeOver?.stop();
      await input.queue.stop();
      await input.close?.();
    },
  };
}
