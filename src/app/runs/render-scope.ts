import type { RunRow } from "../../../db/queries/runs.ts";
import type { Micros } from "../../core/money.ts";
import type { DurationChange } from "../../core/plan-checks.ts";
import type { RunSettings } from "../engine/run-settings.ts";
import type { RunDefaults, Runtime } from "../runtime.ts";
import { type ModelIds, planRun, type RunPlan } from "./plan-run.ts";
import { resolveRunCap } from "./run-cap.ts";
import { waitForRun } from "./run-driver.ts";
import { startRun } from "./start-run.ts";

/** The settings a new run records, from the runtime's defaults: a resumed run behaves the same. */
export function runSettingsFrom(
  defaults: RunDefaults,
  overrides: { frames: boolean; maxAttempts?: number; durationChanges?: DurationChange[] },
): Omit<RunSettings, "wholeScene" | "lockedHashes"> {
  return {
    ...(overrides.durationChanges?.length ? { durationChanges: overrides.durationChanges } : {}),
    thresholds: defaults.thresholds,
    maxAttempts: overrides.maxAttempts ?? defaults.maxAttempts,
    noProgressWindow: defaults.noProgressWindow,
    frames: overrides.frames,
    width: defaults.width,
    height: defaults.height,
    timezone: defaults.timezone,
  };
}

export function modelIdsOf(runtime: Runtime): ModelIds {
  const { imageModel, judge, videoModel } = runtime.deps;
  return { image: imageModel, judge, video: videoModel };
}

export async function planScope(
  runtime: Runtime,
  input: { scope: string; frames: boolean; budget?: Micros; work?: "render" | "audit" },
): Promise<RunPlan> {
  return planRun(
    {
      db: runtime.deps.db,
      bible: runtime.deps.bible,
      probe: runtime.probe,
      prices: runtime.deps.prices,
      capabilities: runtime.deps.capabilities,
      models: modelIdsOf(runtime),
    },
    {
      scope: input.scope,
      frames: input.frames,
      cap: resolveRunCap(runtime.defaults, input.budget),
      maxAttempts: runtime.defaults.maxAttempts,
      width: runtime.defaults.width,
      height: runtime.defaults.height,
      durationPolicy: runtime.defaults.durationPolicy,
      work: input.work ?? "render",
    },
  );
}

/** Plans, records and enqueues a run; `driveRun` then works it in this process until it settles. */
export async function launchRun(
  runtime: Runtime,
  input: { scope: string; frames: boolean; budget?: Micros; requestedBy: string },
): Promise<{ run: RunRow; plan: RunPlan }> {
  const plan = await planScope(runtime, input);
  const { defaults } = runtime;
  const run = await startRun(runtime.deps.db, plan, {
    requestedBy: input.requestedBy,
    settings: runSettingsFrom(defaults, { frames: input.frames, durationChanges: plan.shots.changes }),
  });
  await runtime.queue.enqueueShots(
    run.id,
    plan.scope.shots.map((shot) => shot.id),
  );
  return { run, plan };
}

export async function driveRun(runtime: Runtime, runId: string): Promise<RunRow> {
  await runtime.startWorkers();
  return waitForRun(runtime.deps, runtime.queue, runId);
}
