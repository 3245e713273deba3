import { z } from "zod";
import { type AuditedShot, auditScope } from "../src/app/runs/audit-scope.ts";
import type { Runtime } from "../src/app/runtime.ts";
import { budgetSchema } from "../src/core/money.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  scope: z.string().trim().min(1),
  requestedBy: z.string().min(1),
  budget: budgetSchema,
});

/** `continuity audit <scope>`: validate the manifest's existing panels; generate nothing. */
export async function audit(
  runtime: Runtime,
  input: { scope: string; requestedBy: string; budget?: string },
): Promise<CommandView<{ runId: string; status: string; shots: AuditedShot[] }>> {
  const args = parseArgs(argsSchema, input, "audit");
  const result = await auditScope(runtime, args);
  const lines = [
    `audit ${result.runId} of ${args.scope}: ${result.status}`,
    ...result.shots.map(
      (shot) =>
        `  ${shot.id.padEnd(4)} ${shot.result.padEnd(15)} ${shot.score === null ? "" : shot.score.toFixed(2)} ${shot.summary}`,
    ),
  ];
  return view(result, lines.join("\n"), result.status === "done" ? 0 : 1);
}
