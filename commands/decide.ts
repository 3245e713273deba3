import { z } from "zod";
import { findRun } from "../db/queries/runs.ts";
import { decideEscalation } from "../src/app/runs/decide-escalation.ts";
import { driveRun } from "../src/app/runs/render-scope.ts";
import { type RunSummary, renderRunSummary, summariseRun } from "../src/app/runs/run-summary.ts";
import { settleRun } from "../src/app/runs/settle-run.ts";
import type { Runtime } from "../src/app/runtime.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, "expected an escalation id like e1a2b3c"),
  by: z.string().min(1),
  wait: z.boolean().default(true),
});

/**
 * `continuity approve <ESCALATION>` and `continuity reject <ESCALATION>`. Approving accepts the
 * escalated attempt and the shot continues from it (driven here unless wait is false).
 */
export async function decide(
  runtime: Runtime,
  decision: "approve" | "reject",
  input: { id: string; by: string; wait?: boolean },
): Promise<CommandView<{ escalation: string; decision: string; shot: string; run: RunSummary }>> {
  const args = parseArgs(argsSchema, input, decision);
  const { escalation, continues } = await decideEscalation(runtime.deps.db, {
    id: args.id,
    decision,
    by: args.by,
    allowSelfApproval: runtime.defaults.allowSelfApproval,
  });
  if (continues) await runtime.queue.enqueueShots(escalation.runId, [escalation.shotId]);
  else await settleRun(runtime.deps, escalation.runId);
  const run =
    continues && args.wait
      ? await driveRun(runtime, escalation.runId)
      : await findRun(runtime.deps.db, escalation.runId);
  const summary = await summariseRun(runtime.deps.db, run as NonNullable<typeof run>);
  const verb = decision === "approve" ? "approved" : "rejected";
  return view(
    { escalation: escalation.id, decision: verb, shot: escalation.shotId, run: summary },
    `${verb} escalation ${escalation.id} (shot ${escalation.shotId}) as ${args.by}\n${renderRunSummary(summary)}`,
  );
}
