import { z } from "zod";
import { findRun, latestRun } from "../db/queries/runs.ts";
import { type ReportDeps, writeReport } from "../src/app/report/write-report.ts";
import { AppError } from "../src/core/app-error.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  run: z.string().trim().min(1).optional(),
  out: z.string().trim().min(1).default(".continuity/reports"),
});

export interface ReportResult {
  runId: string;
  path: string;
}

/**
 * `continuity report [RUN] [--out DIR]`: one self-contained HTML page with every attempt, score
 * and cost of a run (the latest run by default), its clips in a folder beside it.
 */
export async function report(
  deps: ReportDeps,
  input: { run?: string; out?: string },
): Promise<CommandView<ReportResult>> {
  const args = parseArgs(argsSchema, input, "report");
  const run = args.run ? await findRun(deps.db, args.run) : await latestRun(deps.db);
  if (!run)
    throw new AppError(
      "UNKNOWN_RUN",
      args.run ? `no run ${args.run}` : "no runs yet; start one with continuity render <scope>",
      args.run ? { runId: args.run } : {},
    );
  const { path } = await writeReport(deps, run.id, args.out);
  return view({ runId: run.id, path }, `report for run ${run.id} (${run.status}): ${path}`);
}
