import type { Database } from "../../../db/create-db.ts";
import type { JobQueue, RunWatch } from "../../ports/job-queue.ts";

/**
 * The job queue, started by `start()` or at its first use: `estimate` or `models` composes a
 * runtime but never enqueues, so it neither loads pg-boss nor starts its maintenance on the database.
 */
export function lazyJobQueue(
  database: Database,
  connectionString: string | undefined,
): JobQueue & { start(): Promise<void> } {
  let started: Promise<JobQueue> | undefined;
  let ready: JobQueue | undefined;
  const queue = () => {
    started ??= import("../../adapters/job-queue/pg-boss-job-queue.ts")
      .then((module) => module.createPgBossJobQueue(database, connectionString ? { connectionString } : {}))
      .then((created) => {
        ready = created;
        return created;
      });
    return started;
  };
  return {
    async start() {
      await queue();
    },
    enqueueShots: async (runId, shotIds, afterSeconds) =>
      (await queue()).enqueueShots(runId, shotIds, afterSeconds),
    work: async (concurrency, handler) => (await queue()).work(concurrency, handler),
    runMoved: async (runId) => (await queue()).runMoved(runId),
    watchRun(runId): RunWatch {
      if (ready) return ready.watchRun(runId);
      // Registered before any runMoved of this process can reach the queue: no move is missed.
      const watch = queue().then((created) => created.watchRun(runId));
      return {
        async next(timeoutMs) {
          await (await watch).next(timeoutMs);
        },
        close() {
          watch.then(
            (inner) => inner.close(),
            () => {},
          );
        },
      };
    },
    async stop() {
      // A queue that never started has nothing to stop; one that failed to start reported it.
      const running = await started?.catch(() => undefined);
      await running?.stop();
    },
  };
}
