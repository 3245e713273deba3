import PgBoss from "pg-boss";
import type { Database } from "../../../db/create-db.ts";

export const SHOT_QUEUE = "continuity-shot";

export interface ShotJob {
  runId: string;
  /** A shot id, or SCENE_SHOT_ID for the run's scene gate. */
  shotId: string;
}

/** Where a delivery stands among the job's tries: on the last one, a failure is final. */
export interface JobTry {
  lastTry: boolean;
  tries: number;
}

/** Tries per job: the first and three retries. */
const RETRY_LIMIT = 3;

/**
 * Work is carried by pg-boss so several worker processes on several machines share one
 * database and a crashed worker's shot is taken up again. On PGlite the same queue runs
 * in-process through pg-boss's executeSql hook. A job only says "look at this shot": the shot's
 * lease decides who works on it, so a duplicate or re-delivered job is harmless.
 */
export interface JobQueue {
  enqueueShots(runId: string, shotIds: string[], afterSeconds?: number): Promise<void>;
  /** Starts `concurrency` polling loops; the handler's errors make pg-boss retry the job. */
  work(concurrency: number, handler: (job: ShotJob, attempt: JobTry) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export async function createJobQueue(database: Database, connectionString?: string): Promise<JobQueue> {
  // Finished jobs are archived within a minute and then deleted: a stale record must never act on live work.
  const retention = { schedule: false, archiveCompletedAfterSeconds: 60, deleteAfterSeconds: 60 * 60 };
  const boss = new PgBoss(
    database.kind === "postgres" && connectionString
      ? { connectionString, max: 4, ...retention }
      : { db: { executeSql: database.executeSql }, ...retention },
  );
  boss.on("error", (error) => process.stderr.write(`job queue: ${(error as Error).message}\n`));
  await boss.start();
  await boss
    .createQueue(SHOT_QUEUE, {
      name: SHOT_QUEUE,
      retryLimit: RETRY_LIMIT,
      retryDelay: 2,
      // Long video renders: the shot lease, not the job's expiry, keeps work exclusive.
      expireInSeconds: 3 * 60 * 60,
    })
    .catch(async (error: Error) => {
      if (!/already exists/i.test(error.message)) throw error;
    });
  const workers: string[] = [];
  return {
    async enqueueShots(runId, shotIds, afterSeconds) {
      for (const shotId of shotIds) {
        await boss.send(SHOT_QUEUE, { runId, shotId }, afterSeconds ? { startAfter: afterSeconds } : {});
      }
    },
    async work(concurrency, handler) {
      for (let index = 0; index < concurrency; index++) {
        workers.push(
          await boss.work<ShotJob>(
            SHOT_QUEUE,
            { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
            async ([job]) => {
              if (!job) return;
              await handler(job.data, {
                lastTry: job.retryCount >= job.retryLimit,
                tries: job.retryCount + 1,
              });
            },
          ),
        );
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
