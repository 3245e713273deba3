import PgBoss from "pg-boss";
import type { Database } from "../../../db/create-db.ts";
import type { JobQueue, ShotJob } from "../../ports/job-queue.ts";
import { createLocalWakeUps } from "./local-wake-ups.ts";
import { listenForWakeUps, type Notifications } from "./postgres-notifications.ts";

export const SHOT_QUEUE = "continuity-shot";

/** Tries per job: the first and three retries. */
const RETRY_LIMIT = 3;
/**
 * The fallback polls. With notifications (PostgreSQL) they only catch what a lost notification,
 * a retry's delay or a job sent for later leaves; without (PGlite, whose embedded server carries
 * no notifications between processes) they are how another process's jobs are found.
 */
const POLL_SECONDS_NOTIFIED = 2;
const POLL_SECONDS_UNNOTIFIED = 0.5;

export interface PgBossJobQueueOptions {
  /** PostgreSQL: pg-boss gets its own pool, and LISTEN/NOTIFY carries wake-ups between processes. */
  connectionString?: string;
  /** The fallback poll, in seconds (at least 0.5, pg-boss's floor); tests set it long to see wake-ups alone at work. */
  pollSeconds?: number;
  log?: (line: string) => void;
}

/**
 * The job queue on pg-boss, so several worker processes on several machines share one database.
 * On PGlite the same queue runs in-process through pg-boss's executeSql hook. pg-boss polls; here
 * a worker is woken (pg-boss's notifyWorker) when a job is sent in this process, when a
 * notification says one was sent in another, and after each job it handled, so the next job is
 * fetched at once rather than at the next poll.
 */
export async function createPgBossJobQueue(
  database: Database,
  options: PgBossJobQueueOptions = {},
): Promise<JobQueue> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const connectionString = database.kind === "postgres" ? options.connectionString : undefined;
  // Finished jobs are archived within a minute and then deleted: a stale record must never act on live work.
  const retention = { schedule: false, archiveCompletedAfterSeconds: 60, deleteAfterSeconds: 60 * 60 };
  const boss = new PgBoss(
    connectionString
      ? { connectionString, max: 4, ...retention }
      : { db: { executeSql: database.executeSql }, ...retention },
  );
  boss.on("error", (error) => log(`job queue: ${(error as Error).message}`));
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
  const local = createLocalWakeUps();
  let remote: Notifications | undefined;
  if (connectionString) {
    try {
      remote = await listenForWakeUps(
        connectionString,
        { jobSent: () => local.wakeWorkers(), runMoved: (runId) => local.runMoved(runId) },
        log,
      );
    } catch (error) {
      log(`job queue: no notifications, polling instead (${(error as Error).message})`);
    }
  }
  const pollingIntervalSeconds =
    options.pollSeconds ?? (remote ? POLL_SECONDS_NOTIFIED : POLL_SECONDS_UNNOTIFIED);
  return {
    async enqueueShots(runId, shotIds, afterSeconds) {
      if (afterSeconds || shotIds.length === 1) {
        for (const shotId of shotIds) {
          await boss.send(SHOT_QUEUE, { runId, shotId }, afterSeconds ? { startAfter: afterSeconds } : {});
        }
      } else if (shotIds.length > 1) {
        // One statement for a run's shots (the queue's retry policy applies as with send).
        await boss.insert(shotIds.map((shotId) => ({ name: SHOT_QUEUE, data: { runId, shotId } })));
      }
      // A job for later is found by the poll; waking for it would only fetch nothing.
      if (afterSeconds || shotIds.length === 0) return;
      local.wakeWorkers();
      await remote?.jobSent();
    },
    async work(concurrency, handler) {
      for (let index = 0; index < concurrency; index++) {
        let id: string | undefined;
        const wakeSelf = () => {
          if (id) boss.notifyWorker(id);
        };
        id = await boss.work<ShotJob>(
          SHOT_QUEUE,
          { batchSize: 1, pollingIntervalSeconds, includeMetadata: true },
          async ([job]) => {
            if (!job) return;
            // There may be more: the loop fetches again as soon as this job ends, not after a poll.
            try {
              await handler(job.data, {
                lastTry: job.retryCount >= job.retryLimit,
                tries: job.retryCount + 1,
              });
            } finally {
              wakeSelf();
            }
          },
        );
        local.addWorker(wakeSelf);
      }
    },
    async runMoved(runId) {
      local.runMoved(runId);
      await remote?.runMoved(runId);
    },
    watchRun: (runId) => local.watchRun(runId),
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      await remote?.close().catch(() => {});
    },
  };
}
