import type { ShotLease } from "../../../db/queries/lease-fence.ts";
import { findRun } from "../../../db/queries/runs.ts";
import { AppError } from "../../core/app-error.ts";
import { type PricedModel, priceFor } from "../../core/prices.ts";
import type { EngineDeps } from "../engine/engine-deps.ts";
import type { RunSettings } from "../engine/run-settings.ts";

/** What a paid action is for: the run, shot and attempt it is charged to, and the model that bills it. */
export interface PaidCallTarget {
  runId: string;
  shotId: string | null;
  attemptId: number | null;
  settings: RunSettings;
  action: string;
  kind: "image" | "judge" | "video";
  model: { provider: string; modelId: string; simulated: boolean };
  /**
   * The shot lease the work runs under (ShotContext.lease). With it every reservation and
   * settlement is fenced: a worker that lost the shot pays for nothing more.
   */
  lease?: ShotLease;
}

/** Halting and stopping are checked the same way before every paid step. */
export async function assertMayStart(deps: EngineDeps, runId: string): Promise<void> {
  await deps.killSwitch.assertRunning();
  const run = await findRun(deps.db, runId);
  if (run?.status === "halted") throw new AppError("BUDGET_EXCEEDED", run.haltReason ?? "the run was halted");
  if (run?.status === "stopped") throw new AppError("STOPPED", "the run was stopped");
}

export function pricedModel(deps: EngineDeps, model: PaidCallTarget["model"]): PricedModel {
  return priceFor(deps.prices, model.provider, model.modelId);
}
