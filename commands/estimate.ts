import { z } from "zod";
import { planScope } from "../src/app/runs/render-scope.ts";
import type { Runtime } from "../src/app/runtime.ts";
import { budgetSchema, formatUsd } from "../src/core/money.ts";
import { type DurationChange, describeChange } from "../src/core/plan-checks.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  scope: z.string().trim().min(1),
  frames: z.boolean().default(false),
  budget: budgetSchema,
});

export interface EstimateData {
  scope: string;
  scene: string;
  shots: { id: string; expectedUsd: string; worstUsd: string }[];
  expectedUsd: string;
  worstUsd: string;
  capUsd: string;
  worstUnderCapUsd: string;
  expectedMicros: number;
  worstMicros: number;
  capMicros: number;
  /** Durations moved to one the video model makes (CONTINUITY_DURATION_POLICY=nearest). */
  durationChanges: DurationChange[];
}

/** `continuity estimate <scope>`: what a run should cost, expected and worst case under the caps; spends nothing. */
export async function estimate(
  runtime: Runtime,
  input: { scope: string; frames?: boolean; budget?: string },
): Promise<CommandView<EstimateData>> {
  const args = parseArgs(argsSchema, input, "estimate");
  const plan = await planScope(runtime, args);
  const { cap } = plan;
  const data: EstimateData = {
    scope: plan.scope.text,
    scene: plan.scope.sceneId,
    shots: plan.estimate.shots.map((shot) => ({
      id: shot.shotId,
      expectedUsd: formatUsd(shot.expected),
      worstUsd: formatUsd(shot.worst),
    })),
    expectedUsd: formatUsd(plan.estimate.expected),
    worstUsd: formatUsd(plan.estimate.worst),
    capUsd: formatUsd(cap),
    worstUnderCapUsd: formatUsd(plan.estimate.worstUnderCap),
    expectedMicros: plan.estimate.expected,
    worstMicros: plan.estimate.worst,
    capMicros: cap,
    durationChanges: plan.shots.changes,
  };
  const lines = [
    `estimate for ${data.scope} (${data.scene}, ${data.shots.length} shots${args.frames ? ", frames mode" : ""}):`,
    ...data.shots.map(
      (shot) => `  ${shot.id.padEnd(4)} expected ${shot.expectedUsd}, worst ${shot.worstUsd}`,
    ),
    ...data.durationChanges.map((change) => `  renders ${describeChange(change)}`),
    `expected ${data.expectedUsd}; worst case ${data.worstUsd}; per-run cap ${data.capUsd}, so at most ${data.worstUnderCapUsd} will be spent`,
  ];
  if (plan.estimate.expected > cap)
    lines.push(`note: the expected cost is above the cap; the run will halt before crossing ${data.capUsd}`);
  return view(data, lines.join("\n"));
}
