import { isAppError } from "../../core/app-error.ts";
import type { Micros } from "../../core/money.ts";
import { costOfUsage } from "../../core/prices.ts";
import { isProviderError } from "../../core/provider-error.ts";
import type { ModelUsage } from "../../ports/image-model.ts";
import type { EngineDeps } from "../engine/engine-deps.ts";
import { watchKillSwitch } from "../engine/watch-kill-switch.ts";
import { assertMayStart, type PaidCallTarget, pricedModel } from "./governor-target.ts";
import { openReservation, type Reservation } from "./reservation.ts";
import { retryDelayMs, shouldRetry } from "./retry-policy.ts";

/**
 * The last stop check before a provider call. A call that was never sent is released, never
 * charged: only what happens after the request leaves can be billed.
 */
export async function assertStillRunning(deps: EngineDeps, reservation: Reservation): Promise<void> {
  try {
    await deps.killSwitch.assertRunning();
  } catch (error) {
    await reservation.release(`never sent: ${(error as Error).message}`);
    throw error;
  }
}

/**
 * A synchronous paid call (an image or a judge call) through the governor: kill switch, reserve,
 * kill switch again, call, settle from the reported usage. Retryable failures release the
 * reservation and try again under the one retry policy; terminal ones release and rethrow; an
 * abort mid-call is charged at the estimate, since the provider may have billed it.
 */
export async function paidCall<T>(
  deps: EngineDeps,
  target: PaidCallTarget,
  reserveMicros: Micros,
  call: (signal: AbortSignal) => Promise<{ value: T; usage: ModelUsage }>,
): Promise<T> {
  const priced = pricedModel(deps, target.model);
  const kind = target.kind === "video" ? "image" : target.kind;
  for (let tryNumber = 1; ; tryNumber++) {
    await assertMayStart(deps, target.runId);
    const reservation = await openReservation(deps, target, reserveMicros);
    await assertStillRunning(deps, reservation);
    const watch = watchKillSwitch(deps.killSwitch, Math.min(1000, deps.pollIntervalMs * 5));
    let answer: { value: T; usage: ModelUsage };
    try {
      answer = await call(watch.signal);
    } catch (error) {
      if (watch.signal.aborted || isAppError(error, "STOPPED")) {
        await reservation.markUncertain("abandoned by the kill switch mid-call");
        throw isAppError(error, "STOPPED") ? error : (watch.signal.reason as Error);
      }
      if (isAppError(error, "JUDGE_MALFORMED")) {
        // The answer came back and was billed; it just cannot be used.
        await reservation.settle(costOfUsage(priced, kind, {}), {}, error.message);
        if (tryNumber >= deps.callTries) throw error;
        continue;
      }
      if (isProviderError(error) && error.kind === "uncertain") {
        await reservation.markUncertain(`${error.code}: ${error.message}`);
        throw error;
      }
      const note =
        isAppError(error) || isProviderError(error) ? `${error.code}: ${error.message}` : String(error);
      await reservation.release(note);
      if (!shouldRetry(error, tryNumber, deps.callTries)) throw error;
      await deps.clock.sleep(retryDelayMs(error, tryNumber));
      continue;
    } finally {
      watch.dispose();
    }
    await reservation.settle(costOfUsage(priced, kind, answer.usage), answer.usage as Record<string, number>);
    return answer.value;
  }
}
