import type { Db } from "../db/create-db.ts";
import { writeStopFlag } from "../db/queries/control.ts";
import { listRunShots } from "../db/queries/run-shots.ts";
import { runsWithStatus } from "../db/queries/runs.ts";
import { type CommandView, view } from "./command-view.ts";

/**
 * `continuity stop`: the kill switch for every worker sharing the database. Stopping is always
 * safe: no new paid action starts, polling operations are abandoned within seconds, and what
 * they cost is recorded. Anyone may stop; resuming is a deliberate act.
 */
export async function stop(
  db: Db,
  input: { by: string },
): Promise<CommandView<{ stoppedBy: string; inFlight: { runId: string; shots: string[] }[] }>> {
  await writeStopFlag(db, true, input.by);
  const active = await runsWithStatus(db, ["running", "stitching"]);
  const inFlight = await Promise.all(
    active.map(async (run) => ({
      runId: run.id,
      shots: (await listRunShots(db, run.id))
        .filter((shot) => shot.status === "running")
        .map((shot) => shot.shotId),
    })),
  );
  const lines = [
    `stopped by ${input.by}: no new paid action will start; in-flight work is abandoned within seconds`,
  ];
  for (const run of inFlight)
    lines.push(
      `  run ${run.runId}: ${run.shots.length ? `in flight ${run.shots.join(", ")}` : "nothing in flight"}`,
    );
  if (inFlight.length === 0) lines.push("  nothing was running");
  lines.push("resume with: continuity resume");
  return view({ stoppedBy: input.by, inFlight }, lines.join("\n"));
}
