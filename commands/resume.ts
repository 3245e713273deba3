import { z } from "zod";
import { driveRun } from "../src/app/runs/render-scope.ts";
import { resumeRuns } from "../src/app/runs/resume-runs.ts";
import { type RunSummary, renderRunSummary, summariseRun } from "../src/app/runs/run-summary.ts";
import type { Runtime } from "../src/app/runtime.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  run: z.string().trim().min(1).optional(),
  by: z.string().min(1),
  stopFile: z.string(),
  wait: z.boolean().default(true),
});

/** `continuity resume [RUN]`: lifts the stop flag and carries interrupted runs on to the end. */
export async function resume(
  runtime: Runtime,
  input: { run?: string; by: string; stopFile: string; wait?: boolean },
): Promise<CommandView<{ runs: RunSummary[] }>> {
  const args = parseArgs(argsSchema, input, "resume");
  const resumed = await resumeRuns(runtime, { runId: args.run, by: args.by, stopFile: args.stopFile });
  const summaries: RunSummary[] = [];
  for (const run of resumed) {
    const finished = args.wait ? await driveRun(runtime, run.id) : run;
    summaries.push(await summariseRun(runtime.deps.db, finished));
  }
  const text = summaries.length
    ? summaries.map((summary) => renderRunSummary(summary)).join("\n\n")
    : "resumed: the stop flag is off; no interrupted runs to carry on";
  const ok = summaries.every((summary) => summary.status === "done");
  return view({ runs: summaries }, text, ok ? 0 : 1);
}
