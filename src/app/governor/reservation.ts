import type { Db } from "../../../db/create-db.ts";
import {
  type ClosedReservation,
  closeReservation,
  type ReservationOutcome,
  reserveBudget,
} from "../../../db/queries/budget.ts";
import { AppError } from "../../core/app-error.ts";
import { formatUsd, type Micros } from "../../core/money.ts";
import type { EngineDeps } from "../engine/engine-deps.ts";
import { dayOf } from "../engine/run-settings.ts";
import type { PaidCallTarget } from "./governor-target.ts";

/**
 * Money held for one paid call. It is closed exactly once, by whoever learns the call's fate:
 * settled with what the provider billed, released when the call was never sent or billed
 * nothing, or marked uncertain (charged at the estimate) when nobody can know. Only the
 * governor closes reservations.
 */
export interface Reservation {
  readonly ledgerId: number;
  settle(micros: Micros, usage: Record<string, number>, note?: string): Promise<void>;
  release(note: string): Promise<void>;
  markUncertain(note: string): Promise<void>;
}

/** Reserves `micros` for the target against the run's cap and this process's configured day cap. */
export async function openReservation(
  deps: EngineDeps,
  target: PaidCallTarget,
  micros: Micros,
  db: Db = deps.db,
): Promise<Reservation> {
  const ledgerId = await reserveBudget(
    db,
    {
      runId: target.runId,
      shotId: target.shotId,
      attemptId: target.attemptId,
      day: dayOf(deps.clock.now(), target.settings.timezone),
      dayCap: deps.dayCap,
      action: target.action,
      provider: target.model.provider,
      model: target.model.modelId,
      priceVersion: deps.prices.version,
      simulated: target.model.simulated,
      micros,
    },
    target.lease,
  );
  return reservationOf(deps, target, ledgerId);
}

/** The reservation behind a ledger row opened earlier (a long job taken up again after a restart). */
export function reservationOf(deps: EngineDeps, target: PaidCallTarget, ledgerId: number): Reservation {
  let closedBy: string | undefined;
  const close = async (outcome: ReservationOutcome): Promise<ClosedReservation> => {
    if (closedBy)
      throw new Error(`reservation ${ledgerId} closed twice (${closedBy}, then ${outcome.status})`);
    closedBy = outcome.status;
    return closeReservation(deps.db, ledgerId, outcome, target.lease);
  };
  return {
    ledgerId,
    async settle(micros, usage, note) {
      const closed = await close({ status: "settled", micros, usage, ...(note ? { note } : {}) });
      if (closed.closed) deps.onEvent({ type: "spend", runId: target.runId, micros });
      if (closed.overrunMicros > 0) throw overrunError(target, closed);
    },
    async release(note) {
      await close({ status: "released", note });
    },
    async markUncertain(note) {
      await close({ status: "uncertain", note });
    },
  };
}

/**
 * A reservation is the most a call can cost; a provider that billed more is recorded as billed,
 * and the run halts so nobody spends on a price model that is wrong.
 */
function overrunError(target: PaidCallTarget, closed: ClosedReservation): AppError {
  const model = `${target.model.provider}/${target.model.modelId}`;
  return new AppError(
    "BUDGET_EXCEEDED",
    `provider overrun: ${model} billed ${formatUsd(closed.actualMicros)} for ${target.action}, ${formatUsd(closed.overrunMicros)} more than its reservation of ${formatUsd(closed.reservedMicros)}; recorded as billed, run halted (fix the price table's reserve for this model)`,
    { overrunMicros: closed.overrunMicros, model, action: target.action },
  );
}
