import { closeReservation, reserveBudget } from "../../../db/queries/budget.ts";
import { findRun } from "../../../db/queries/runs.ts";
import { AppError, isAppError } from "../../core/app-error.ts";
import type { Micros } from "../../core/money.ts";
import { costOfUsage, type PricedModel, priceFor } from "../../core/prices.ts";
import { isProviderError } from "../../core/provider-error.ts";
import type { ModelUsage } from "../../ports/image-model.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { watchKillSwitch } from "./kill-switch.ts";
import { dayOf, type RunSettings } from "./run-settings.ts";

export interface PaidCallTarget {
  runId: string;
  shotId: string | null;
  attemptId: number | null;
  settings: RunSettings;
  action: string;
  kind: "image" | "judge";
  model: { provider: string; modelId: string; simulated: boolean };
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

export async function reserve(deps: EngineDeps, target: PaidCallTarget, micros: Micros): Promise<number> {
  return reserveBudget(deps.db, {
    runId: target.runId,
    shotId: target.shotId,
    attemptId: target.attemptId,
    day: dayOf(deps.clock.now(), target.settings.timezone),
    dayCap: target.settings.dayCap,
    action: target.action,
    provider: target.model.provider,
    model: target.model.modelId,
    priceVersion: deps.prices.version,
    simulated: target.model.simulated,
    micros,
  });
}

/**
 * A synchronous paid call (an image or a judge call) through the governor: kill switch, reserve,
 * kill switch again, call, settle from the reported usage. Retryable failures release the
 * reservation, back off (honouring the provider's retry delay) and try again a bounded number of
 * times; terminal ones release and rethrow; an abort mid-call charges the estimate, since the
 * provider may have billed it.
 */
export async function paidCall<T>(
  deps: EngineDeps,
  target: PaidCallTarget,
  reserveMicros: Micros,
  call: (signal: AbortSignal) => Promise<{ value: T; usage: ModelUsage }>,
): Promise<T> {
  const priced = pricedModel(deps, target.model);
  let lastError: unknown;
  for (let tryNumber = 1; tryNumber <= deps.callTries; tryNumber++) {
    await assertMayStart(deps, target.runId);
    const ledgerId = await reserve(deps, target, reserveMicros);
    const watch = watchKillSwitch(deps.killSwitch, Math.min(1000, deps.pollIntervalMs * 5));
    try {
      await deps.killSwitch.assertRunning();
      const { value, usage } = await call(watch.signal);
      const micros = costOfUsage(priced, target.kind, usage);
      await closeReservation(deps.db, ledgerId, {
        status: "settled",
        micros,
        usage: usage as Record<string, number>,
      });
      deps.onEvent({ type: "spend", runId: target.runId, micros });
      return value;
    } catch (error) {
      if (watch.signal.aborted || isAppError(error, "STOPPED")) {
        await closeReservation(deps.db, ledgerId, {
          status: "uncertain",
          note: "abandoned by the kill switch mid-call",
        });
        throw isAppError(error, "STOPPED") ? error : (watch.signal.reason as Error);
      }
      if (isAppError(error, "JUDGE_MALFORMED")) {
        // The answer came back and was billed; it just cannot be used.
        await closeReservation(deps.db, ledgerId, {
          status: "settled",
          micros: costOfUsage(priced, target.kind, {}),
          note: error.message,
        });
        lastError = error;
        continue;
      }
      if (isProviderError(error) && error.kind === "retryable") {
        await closeReservation(deps.db, ledgerId, {
          status: "released",
          note: `${error.code}: ${error.message}`,
        });
        lastError = error;
        if (tryNumber < deps.callTries)
          await deps.clock.sleep(error.retryAfterMs ?? 500 * 2 ** (tryNumber - 1));
        continue;
      }
      if (isProviderError(error) && error.kind === "uncertain") {
        await closeReservation(deps.db, ledgerId, {
          status: "uncertain",
          note: `${error.code}: ${error.message}`,
        });
        throw error;
      }
      await closeReservation(deps.db, ledgerId, {
        status: "released",
        note: isAppError(error) ? `${error.code}: ${error.message}` : String(error),
      });
      throw error;
    } finally {
      watch.dispose();
    }
  }
  throw lastError;
}
