import { expiredShotLeases } from "../../../db/queries/expired-shot-leases.ts";
import { expiredSceneGates } from "../../../db/queries/scene-gates.ts";
import type { JobQueue } from "../../ports/job-queue.ts";
import type { EngineDeps } from "../engine/engine-deps.ts";
import { SCENE_SHOT_ID } from "../engine/scene-stage.ts";

export interface TakeOver {
  /** One sweep: queues every shot and scene gate whose worker's lease ran out. */
  sweep(): Promise<number>;
  stop(): void;
}

/**
 * A worker that dies (kill -9, a lost machine) leaves its queue job "active" until the job's long
 * expiry and its lease unrenewed. Every live worker sweeps once a lease length for leases that ran
 * out and queues that work again, so a dead worker's shot or scene gate is taken up within about
 * two lease lengths, without `resume`. The lease still decides who works on it, so several
 * workers sweeping at once only queue harmless duplicates; one process does not queue the same
 * expired lease twice.
 */
export function startTakeOver(
  deps: EngineDeps,
  queue: JobQueue,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): TakeOver {
  const queued = new Map<string, number>();
  const sweep = async () => {
    const expired = [
      ...(await expiredShotLeases(deps.db)),
      ...(await expiredSceneGates(deps.db)).map((gate) => ({
        runId: gate.runId,
        shotId: SCENE_SHOT_ID,
        leaseUntil: gate.leaseUntil,
      })),
    ];
    let count = 0;
    for (const item of expired) {
      const key = `${item.runId}/${item.shotId}`;
      const until = item.leaseUntil?.getTime() ?? 0;
      if (queued.get(key) === until) continue;
      await queue.enqueueShots(item.runId, [item.shotId]);
      queued.set(key, until);
      count += 1;
    }
    return count;
  };
  const timer = setInterval(() => {
    sweep().catch((error: Error) => log(`take-over sweep: ${error.message}`));
  }, deps.leaseSeconds * 1000);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}
