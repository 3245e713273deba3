import type { Database } from "../../../db/create-db.ts";
import type { JobQueue } from "../../app/runs/job-queue.ts";

/**
 * The job queue, started by `start()` or at its first use: `estimate` or `models` composes a
 * runtime but never enqueues, so it neither loads pg-boss nor starts its maintenance on the database.
 */
export function lazyJobQueue(
  database: Database,
  connectionString: string | undefined,
): JobQueue & { start(): Promise<void> } {
  let started: Promise<JobQueue> | undefined;
  const queue = () => {
    started ??= import("../../app/runs/job-queue.ts").then((module) =>
      module.createJobQueue(database, connectionString),
    );
    return started;
  };
  return {
    async start() {
      await queue();
    },
    enqueueShots: async (runId, shotIds, afterSeconds) =>
      (await queue()).enqueueShots(runId, shotIds, afterSeconds),
    work: async (concurrency, handler) => (await queue()).work(concurrency, handler),
    async stop() {
      // A queue that never started has nothing to stop; one that failed to start reported it.
      const running = await started?.catch(() => undefined);
      await running?.stop();
    },
  };
}
