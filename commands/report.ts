import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { findRun } from "../db/queries/runs.ts";
import { writeReport } from "../src/app/report/write-report.ts";
import { AppError } from "../src/core/app-error.ts";
import type { Storage } from "../src/ports/storage.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  run: z.string().trim().min(1),
  out: z.string().trim().min(1).default(".continuity/reports"),
});

export interface ReportResult {
  runId: string;
  path: string;
}

/** `continuity report <RUN> [--out DIR]`: one self-contained HTML page with every attempt, score and cost of a run. */
export async function report(
  deps: { db: Db; artifacts: Storage },
  input: { run: string; out?: string },
): Promise<CommandView<ReportResult>> {
  const args = parseArgs(argsSchema, input, "report");
  const run = await findRun(deps.db, args.run);
  if (!run) throw new AppError("UNKNOWN_RUN", `no run ${args.run}`, { runId: args.run });
  const { path } = await writeReport(deps, run.id, args.out);
  return view({ runId: run.id, path }, `report for run ${run.id} (${run.status}): ${path}`);
}
