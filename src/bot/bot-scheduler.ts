import PgBoss from "pg-boss";
import type { Database } from "../../db/create-db.ts";

export const SUMMARY_JOB = "continuity-daily-summary";
export const TIMEOUT_JOB = "continuity-escalation-timeouts";

export interface ScheduledJob {
  name: string;
  /** Five-field cron, read in `tz`. */
  cron: string;
  tz: string;
  run: () => Promise<void>;
}

export interface SchedulerTiming {
  /** How often this process checks the schedules (pg-boss: 1–45 s). */
  cronMonitorIntervalSeconds?: number;
  /** How often a fired schedule is turned into its job (pg-boss: 1–45 s). */
  cronWorkerIntervalSeconds?: number;
  /** How often the jobs are polled. */
  pollingIntervalSeconds?: number;
}

export interface BotScheduler {
  stop(): Promise<void>;
}

/**
 * The bot's timed work on pg-boss's cron: a schedule lives in the database and fires once across
 * every process sharing it (one process wins the minute's check, and the job it sends is a
 * singleton for that minute), and exactly one worker takes the job. On PGlite it all runs in
 * this process. This is a pg-boss instance of its own because the shot queue's turns scheduling off.
 */
export async function startBotScheduler(
  database: Database,
  connectionString: string | undefined,
  jobs: ScheduledJob[],
  timing: SchedulerTiming = {},
  log: (line: string) => void = () => {},
): Promise<BotScheduler> {
  const cron = {
    cronMonitorIntervalSeconds: timing.cronMonitorIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: timing.cronWorkerIntervalSeconds ?? 5,
    // Maintenance of the job tables is the shot queue's instance's job.
    supervise: false,
  };
  const boss = new PgBoss(
    database.kind === "postgres" && connectionString
      ? { connectionString, max: 2, ...cron }
      : { db: { executeSql: database.executeSql }, ...cron },
  );
  boss.on("error", (error) => log(`bot scheduler: ${(error as Error).message}`));
  await boss.start();
  for (const job of jobs) {
    await boss
      .createQueue(job.name, { name: job.name, retryLimit: 2, retryDelay: 30 })
      .catch((error: Error) => {
        if (!/already exists/i.test(error.message)) throw error;
      });
    await boss.schedule(job.name, job.cron, {}, { tz: job.tz });
    await boss.work(
      job.name,
      { batchSize: 1, pollingIntervalSeconds: timing.pollingIntervalSeconds ?? 2 },
      async () => {
        await job.run();
      },
    );
  }
  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
