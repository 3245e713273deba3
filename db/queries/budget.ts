import { and, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "../../src/core/app-error.ts";
import { formatUsd, type Micros } from "../../src/core/money.ts";
import type { Db } from "../create-db.ts";
import { budgets, ledger, providerOperations } from "../schema.ts";
import { fenced, type ShotLease } from "./lease-fence.ts";

export const runScope = (runId: string) => `run:${runId}`;
export const dayScope = (day: string) => `day:${day}`;

export interface ReservationRequest {
  runId: string;
  shotId: string | null;
  attemptId: number | null;
  day: string;
  /** The daily cap of the configuration of the process reserving (CONTINUITY_DAILY_CAP_USD), never a run's. */
  dayCap: Micros;
  action: string;
  provider: string;
  model: string;
  priceVersion: string;
  simulated: boolean;
  micros: Micros;
}

/**
 * Reserves an estimate against the run's cap and the day's cap, or throws BUDGET_EXCEEDED and
 * reserves nothing. Each cap is one conditional UPDATE: concurrent reservers queue on the row
 * lock and PostgreSQL re-checks the condition against the committed total, so no interleaving
 * can pass a cap. Rows are always locked day first, then run, so two reservers never deadlock.
 * The day's cap is checked against the reserving process's configured cap; the row keeps the
 * cap last applied, for display. With a lease, the reservation is fenced: a worker that lost
 * its shot reserves nothing.
 */
export async function reserveBudget(db: Db, request: ReservationRequest, lease?: ShotLease): Promise<number> {
  return fenced(db, lease, (fencedDb) =>
    fencedDb.transaction(async (tx) => {
      const day = dayScope(request.day);
      await tx
        .insert(budgets)
        .values({ scope: day, capMicros: request.dayCap, committedMicros: 0 })
        .onConflictDoUpdate({ target: budgets.scope, set: { capMicros: request.dayCap } });
      const bump = (scope: string, cap: Micros | null) =>
        tx
          .update(budgets)
          .set({ committedMicros: sql`${budgets.committedMicros} + ${request.micros}` })
          .where(
            and(
              eq(budgets.scope, scope),
              cap === null
                ? sql`${budgets.committedMicros} + ${request.micros} <= ${budgets.capMicros}`
                : sql`${budgets.committedMicros} + ${request.micros} <= ${cap}`,
            ),
          )
          .returning({ scope: budgets.scope });
      if ((await bump(runScope(request.runId), null)).length === 0) {
        const [run] = await tx
          .select()
          .from(budgets)
          .where(eq(budgets.scope, runScope(request.runId)));
        throw capError("per-run", run?.capMicros ?? 0, request);
      }
      if ((await bump(day, request.dayCap)).length === 0) {
        throw capError("daily", request.dayCap, request);
      }
      const [row] = await tx
        .insert(ledger)
        .values({
          runId: request.runId,
          shotId: request.shotId,
          attemptId: request.attemptId,
          day: request.day,
          action: request.action,
          provider: request.provider,
          model: request.model,
          priceVersion: request.priceVersion,
          simulated: request.simulated,
          status: "reserved",
          reservedMicros: request.micros,
        })
        .returning({ id: ledger.id });
      if (!row) throw new Error("ledger insert returned nothing");
      return row.id;
    }),
  );
}

function capError(which: "per-run" | "daily", cap: Micros, request: ReservationRequest): AppError {
  return new AppError("BUDGET_EXCEEDED", `${which} cap ${formatUsd(cap)} would be exceeded, halted`, {
    cap: which,
    capMicros: cap,
    wanted: request.micros,
    action: request.action,
  });
}

export type ReservationOutcome =
  | { status: "settled"; micros: Micros; usage?: Record<string, number>; note?: string }
  | { status: "released"; note?: string }
  | { status: "uncertain"; note: string };

/** What closing did: whether this call closed it, and by how much the truth passed the reservation. */
export interface ClosedReservation {
  closed: boolean;
  reservedMicros: Micros;
  actualMicros: Micros;
  overrunMicros: Micros;
}

/**
 * Closes a reservation: settled with the actual cost, released (cost nothing), or uncertain
 * (we cannot know, so the estimate is charged). The caps' totals move by the difference, and a
 * settlement records the truth even when a provider billed more than was reserved (the caller
 * halts the run on an overrun). Only a reservation still open is closed, so a settle that is
 * repeated after a crash is a no-op. With a lease, closing is fenced like every shot write.
 */
export async function closeReservation(
  db: Db,
  ledgerId: number,
  outcome: ReservationOutcome,
  lease?: ShotLease,
): Promise<ClosedReservation> {
  return fenced(db, lease, (fencedDb) =>
    fencedDb.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(ledger)
        .where(and(eq(ledger.id, ledgerId), eq(ledger.status, "reserved")))
        .for("update");
      if (!row) return { closed: false, reservedMicros: 0, actualMicros: 0, overrunMicros: 0 };
      const actual =
        outcome.status === "settled"
          ? outcome.micros
          : outcome.status === "released"
            ? 0
            : row.reservedMicros;
      await tx
        .update(ledger)
        .set({
          status: outcome.status,
          actualMicros: actual,
          usage: outcome.status === "settled" ? (outcome.usage ?? null) : null,
          note: outcome.note ?? null,
          settledAt: new Date(),
        })
        .where(eq(ledger.id, ledgerId));
      const delta = actual - row.reservedMicros;
      // Day first, then run: the same lock order as reserveBudget.
      for (const scope of delta === 0 ? [] : [dayScope(row.day), runScope(row.runId)]) {
        await tx
          .update(budgets)
          .set({ committedMicros: sql`${budgets.committedMicros} + ${delta}` })
          .where(eq(budgets.scope, scope));
      }
      return {
        closed: true,
        reservedMicros: row.reservedMicros,
        actualMicros: actual,
        overrunMicros: Math.max(0, delta),
      };
    }),
  );
}

/** How much providers billed past their reservations (settled rows only), for `spend` and the bench. */
export async function providerOverrunMicros(
  db: Db,
  where: { runId?: string; days?: string[] },
): Promise<Micros> {
  const [row] = await db
    .select({
      overrun: sql<string>`coalesce(sum(greatest(${ledger.actualMicros} - ${ledger.reservedMicros}, 0)), 0)`,
    })
    .from(ledger)
    .where(
      and(
        eq(ledger.status, "settled"),
        where.runId ? eq(ledger.runId, where.runId) : sql`true`,
        where.days ? inArray(ledger.day, where.days) : sql`true`,
      ),
    );
  return Number(row?.overrun ?? 0);
}

export async function createRunBudget(db: Db, runId: string, cap: Micros): Promise<void> {
  await db
    .insert(budgets)
    .values({ scope: runScope(runId), capMicros: cap, committedMicros: 0 })
    .onConflictDoNothing();
}

/**
 * Reservations still open for an attempt when a worker takes it up: only one worker holds a
 * shot, so the calls they covered died with an earlier worker, and are charged at their estimate
 * (the provider may have billed them). Reservations behind a provider operation are left alone:
 * that operation is polled and settled by the video stage.
 */
export async function closeAbandonedReservations(
  db: Db,
  attemptId: number,
  lease?: ShotLease,
): Promise<number> {
  const open = await db
    .select({ id: ledger.id })
    .from(ledger)
    .where(
      and(
        eq(ledger.attemptId, attemptId),
        eq(ledger.status, "reserved"),
        sql`not exists (select 1 from ${providerOperations} where ${providerOperations.ledgerId} = ${ledger.id})`,
      ),
    );
  const note = "the worker making this call died; charged at the estimate";
  for (const row of open) await closeReservation(db, row.id, { status: "uncertain", note }, lease);
  return open.length;
}
