import { existsSync } from "node:fs";
import type { Db } from "../../../db/create-db.ts";
import { readStopFlag } from "../../../db/queries/control.ts";
import { AppError } from "../../core/app-error.ts";

/**
 * The kill switch: a STOP file on this machine, or the database flag `continuity stop` sets for
 * every worker. Checked before reserving, just before each provider call and while polling.
 * Stopping is cooperative (an AbortSignal); no process is ever killed by a remembered PID.
 */
export interface KillSwitch {
  /** Why work must stop now, or undefined. */
  reason(): Promise<string | undefined>;
  /** Throws STOPPED when the switch is on. */
  assertRunning(): Promise<void>;
}

export function createKillSwitch(options: { db: Db; stopFile: string }): KillSwitch {
  const reason = async () => {
    // Each reason says how to lift it: the person reading it is the one who has to.
    if (existsSync(options.stopFile))
      return `STOP file present at ${options.stopFile} (remove that file to lift it)`;
    const flag = await readStopFlag(options.db);
    return flag.stopped
      ? `stopped by ${flag.by ?? "someone"} (continuity stop; lift it with continuity resume)`
      : undefined;
  };
  return {
    reason,
    async assertRunning() {
      const why = await reason();
      if (why) throw new AppError("STOPPED", `kill switch: ${why}`);
    },
  };
}

/** An AbortSignal that fires when the kill switch turns on, checked every `intervalMs`. */
export function watchKillSwitch(
  killSwitch: KillSwitch,
  intervalMs: number,
  parent?: AbortSignal,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener("abort", onParentAbort, { once: true });
  const timer = setInterval(() => {
    killSwitch
      .reason()
      .then((why) => {
        if (why) controller.abort(new AppError("STOPPED", `kill switch: ${why}`));
      })
      .catch(() => {});
  }, intervalMs);
  timer.unref();
  return {
    signal: controller.signal,
    dispose() {
      clearInterval(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
