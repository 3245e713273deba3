import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { findRun, latestRun } from "../db/queries/runs.ts";
import { type RunSummary, renderRunSummary, summariseRun } from "../src/app/runs/run-summary.ts";
import { AppError } from "../src/core/app-error.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({ run: z.string().trim().min(1).optional() });

/** `continuity status [RUN]`: a run's shots, spend and open escalations (the latest run by default). */
export async function status(db: Db, input: { run?: string }): Promise<CommandView<RunSummary>> {
  const args = parseArgs(argsSchema, input, "status");
  const run = args.run ? await findRun(db, args.run) : await latestRun(db);
  if (!run)
    throw new AppError(
      "UNKNOWN_RUN",
      args.run ? `no run ${args.run}` : "no runs yet; start one with continuity render <scope>",
    );
  const summary = await summariseRun(db, run);
  return view(summary, renderRunSummary(summary));
}
