import { z } from "zod";
import { driveRun, launchRun } from "../src/app/runs/render-scope.ts";
import { type RunSummary, renderRunSummary, summariseRun } from "../src/app/runs/run-summary.ts";
import type { Runtime } from "../src/app/runtime.ts";
import { formatUsd, parseUsd } from "../src/core/money.ts";
import { describeChange } from "../src/core/plan-checks.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

export const budgetSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    try {
      const micros = parseUsd(text, "budget");
      if (micros <= 0) throw new Error();
      return micros;
    } catch {
      ctx.addIssue({
        code: "custom",
        message: `expected a positive dollar amount like 0.50 or 15, got ${JSON.stringify(text)}`,
      });
      return z.NEVER;
    }
  });

const argsSchema = z.object({
  scope: z.string().trim().min(1, "give a shot (1A), a list (1A,1C), a range (1A-1D) or a scene (scene1)"),
  budget: budgetSchema,
  frames: z.boolean().default(false),
  requestedBy: z.string().min(1),
});

export interface RenderHooks {
  /** Told the plan before any work starts (the bot posts the estimate and the cap). */
  onStart?: (info: {
    runId: string;
    expectedUsd: string;
    worstUsd: string;
    capUsd: string;
    /** "1A: 12 s -> 8 s (…)": durations plan time moved (CONTINUITY_DURATION_POLICY=nearest). */
    durationChanges: string[];
  }) => void | Promise<void>;
}

/** `continuity render <scope>`: runs the gated pipeline and reports every shot's outcome. */
export async function render(
  runtime: Runtime,
  input: { scope: string; budget?: string; frames?: boolean; requestedBy: string },
  hooks: RenderHooks = {},
): Promise<CommandView<RunSummary>> {
  const args = parseArgs(argsSchema, input, "render");
  const { run, plan } = await launchRun(runtime, args);
  await hooks.onStart?.({
    runId: run.id,
    expectedUsd: formatUsd(plan.estimate.expected),
    worstUsd: formatUsd(plan.estimate.worst),
    capUsd: formatUsd(run.capMicros),
    durationChanges: plan.shots.changes.map(describeChange),
  });
  const finished = await driveRun(runtime, run.id);
  const summary = await summariseRun(runtime.deps.db, finished);
  return view(summary, renderRunSummary(summary), summary.status === "done" ? 0 : 1);
}
