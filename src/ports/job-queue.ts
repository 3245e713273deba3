/** What a queue job asks for: look at this shot (or the run's scene gate) of this run. */
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

/** Waits for a run to move; moves announced after `watchRun` are never missed by `next`. */
export interface RunWatch {
  /** Resolves at the run's next move (at once when one came since the last call), or after `timeoutMs`. */
  next(timeoutMs: number): Promise<void>;
  close(): void;
}

/**
 * Work shared by every worker process on one database, and a crashed worker's shot taken up
 * again. A job only says "look at this shot": the shot's lease decides who works on it, so a
 * duplicate or re-delivered job, like a duplicate wake-up, is harmless. Nothing waits on a timer
 * between stages: a job sent wakes the workers, a run that moves wakes its waiters, in this
 * process at once and in others by the database's notifications where it has them; polling is
 * only the fallback.
 */
export interface JobQueue {
  enqueueShots(runId: string, shotIds: string[], afterSeconds?: number): Promise<void>;
  /** Starts `concurrency` workers; the handler's errors make the job be tried again. */
  work(concurrency: number, handler: (job: ShotJob, attempt: JobTry) => Promise<void>): Promise<void>;
  /** Says that a run moved (a shot or the run came to rest), to every waiter on it. */
  runMoved(runId: string): Promise<void>;
  watchRun(runId: string): RunWatch;
  stop(): Promise<void>;
}
