import type { RunWatch } from "../../ports/job-queue.ts";

/**
 * The in-process half of the wake-ups: who to wake when a job is sent or a run moves. Remote
 * notifications feed the same calls, so a wake-up from here and one from the database may both
 * arrive; each only makes a worker fetch or a waiter look once more, which is harmless.
 */
export interface LocalWakeUps {
  /** A worker's way to be woken: it fetches at once instead of at its next poll. */
  addWorker(wake: () => void): void;
  wakeWorkers(): void;
  runMoved(runId: string): void;
  watchRun(runId: string): RunWatch;
}

export function createLocalWakeUps(): LocalWakeUps {
  const workers: (() => void)[] = [];
  const watches = new Map<string, Set<() => void>>();
  return {
    addWorker(wake) {
      workers.push(wake);
    },
    wakeWorkers() {
      for (const wake of workers) wake();
    },
    runMoved(runId) {
      for (const mark of watches.get(runId) ?? []) mark();
    },
    watchRun(runId) {
      // Set before the waiter reads the run: a move between its read and its wait is not lost.
      let moved = false;
      let wake: (() => void) | undefined;
      const mark = () => {
        moved = true;
        wake?.();
      };
      const marks = watches.get(runId) ?? new Set();
      watches.set(runId, marks);
      marks.add(mark);
      return {
        async next(timeoutMs) {
          if (!moved) {
            let timer: NodeJS.Timeout | undefined;
            await new Promise<void>((resolve) => {
              wake = resolve;
              timer = setTimeout(resolve, timeoutMs);
            });
            clearTimeout(timer);
            wake = undefined;
          }
          moved = false;
        },
        close() {
          marks.delete(mark);
          if (marks.size === 0) watches.delete(runId);
        },
      };
    },
  };
}
