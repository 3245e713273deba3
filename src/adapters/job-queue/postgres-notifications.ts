import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** Channels named for the queue: one says "a job was sent", the other "this run moved". */
export const JOB_CHANNEL = "continuity_shot_jobs";
export const RUN_CHANNEL = "continuity_run_moves";

export interface Notifications {
  jobSent(): Promise<void>;
  runMoved(runId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTEN/NOTIFY on PostgreSQL, so a job sent or a run settled in one process wakes the workers
 * and waiters of every other at once. A notification is only a hint (it is lost while the
 * listening connection is down, and postgres.js listens again when it comes back): polling stays
 * as the fallback. This process's own notifications are skipped, it has woken its own already.
 */
export async function listenForWakeUps(
  connectionString: string,
  on: { jobSent: () => void; runMoved: (runId: string) => void },
  log: (line: string) => void,
): Promise<Notifications> {
  const sql = postgres(connectionString, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: "continuity-wake-ups" },
  });
  const self = randomBytes(6).toString("hex");
  const ownPrefix = `${self}:`;
  const unlisten: (() => Promise<void>)[] = [];
  try {
    const jobs = await sql.listen(JOB_CHANNEL, (payload) => {
      if (payload !== self) on.jobSent();
    });
    const runs = await sql.listen(RUN_CHANNEL, (payload) => {
      if (!payload.startsWith(ownPrefix)) on.runMoved(payload.slice(payload.indexOf(":") + 1));
    });
    unlisten.push(jobs.unlisten, runs.unlisten);
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw error;
  }
  const send = (channel: string, payload: string) =>
    sql.notify(channel, payload).then(
      () => undefined,
      (error: Error) => log(`wake-up not sent (others poll instead): ${error.message}`),
    );
  return {
    jobSent: () => send(JOB_CHANNEL, self),
    runMoved: (runId) => send(RUN_CHANNEL, `${ownPrefix}${runId}`),
    async close() {
      for (const stop of unlisten) await stop().catch(() => {});
      await sql.end({ timeout: 5 });
    },
  };
}
