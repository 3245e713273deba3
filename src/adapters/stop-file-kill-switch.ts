import { existsSync } from "node:fs";
import type { Db } from "../../db/create-db.ts";
import { readStopFlag } from "../../db/queries/control.ts";
import { AppError } from "../core/app-error.ts";
import type { KillSwitch } from "../ports/kill-switch.ts";

/**
 * The kill switch as this product ships it: a STOP file on this machine (for whoever is at it,
 * database or not), or the database flag `continuity stop` sets for every worker sharing it.
 */
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
