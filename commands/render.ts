import { z } from "zod";
import { driveRun, launchRun } from "../src/app/runs/render-scope.ts";
import { type RunSummary, renderRunSummary, summariseRun } from "../src/app/runs/run-summary.ts";
import type { Runtime } from "../src/app/runtime.ts";
import { AppError } from "../src/core/app-error.ts";
import { budgetSchema, formatUsd, type Micros } from "../src/core/money.ts";
import { describeChange } from "../src/core/plan-checks.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

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
    /** Said before any work starts when the expected cost is above the cap, with a budget that covers it. */
    warning: string | null;
  }) => void | Promise<void>;
}

/** A dollar amount rounded up to the cent, as `--budget` takes it. */
function budgetCovering(micros: Micros): string {
  return (Math.ceil(micros / 10_000) / 100).toFixed(2);
}

/** When the expected cost is above the cap the run will halt part-way: say so, and what would cover it. */
export function capWarning(expected: Micros, worst: Micros, cap: Micros, command: string): string | null {
  if (expected <= cap) return null;
  return `the expected cost ${formatUsd(expected)} is above the cap ${formatUsd(cap)}: the run will halt before crossing it. --budget ${budgetCovering(expected)} would cover the expected cost${worst > expected ? `, --budget ${budgetCovering(worst)} the worst case` : ""} (continuity ${command} --budget ${budgetCovering(expected)})`;
}

/** `continuity render <scope>`: runs the gated pipeline and reports every shot's outcome. */
export async function render(
  runtime: Runtime,
  input: { scope: string; budget?: string; frames?: boolean; requestedBy: string; options?: string },
  hooks: RenderHooks = {},
): Promise<CommandView<RunSummary>> {
  const args = parseArgs(argsSchema, input, "render");
  const stopped = await runtime.deps.killSwitch.reason();
  if (stopped)
    throw new AppError("STOPPED", `render refused: the kill switch is on, ${stopped}; nothing was started`);
  const { run, plan } = await launchRun(runtime, args);
  await hooks.onStart?.({
    runId: run.id,
    expectedUsd: formatUsd(plan.estimate.expected),
    worstUsd: formatUsd(plan.estimate.worst),
    capUsd: formatUsd(run.capMicros),
    durationChanges: plan.shots.changes.map(describeChange),
    warning: capWarning(
      plan.estimate.expected,
      plan.estimate.worst,
      run.capMicros,
      ["render", args.scope, args.frames ? "--frames" : "", input.options ?? ""].filter(Boolean).join(" "),
    ),
  });
  const finished = await driveRun(runtime, run.id);
  const summary = await summariseRun(runtime.deps.db, finished);
  return view(summary, renderRunSummary(summary, input.options), summary.status === "done" ? 0 : 1);
}
