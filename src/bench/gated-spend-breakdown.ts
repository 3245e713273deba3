import type { Db } from "../../db/create-db.ts";
import { listAttempts } from "../../db/queries/attempts.ts";
import { ledgerRows } from "../../db/queries/spend.ts";
import type { PerfectValidatorResult } from "./perfect-validator.ts";

/** One closed ledger row: what it cost and what it was for. */
export interface Charge {
  shotId: string | null;
  attemptId: number | null;
  /** "generate.panel", "generate.video", "judge.panel", "judge.keyframe", … */
  action: string;
  micros: number;
}

export interface AttemptRef {
  id: number;
  shotId: string;
  stage: string;
  number: number;
}

/**
 * Where the gated run's money went beyond the perfect validator. The four parts add up to the
 * difference exactly, so nothing is left unexplained; each charge lands in one of them.
 */
export interface SpendBreakdown {
  gatedMicros: number;
  perfectMicros: number;
  /** Every judge call of the run (the perfect validator's checks are free), as a share of the gated spend. */
  judgingShare: number;
  /** Judge calls on shots the gated run did not escalate (and on the scene). */
  judgeMicros: number;
  judgeCalls: number;
  /** Generations past the attempt the perfect validator moved on with: good artifacts rejected and made again. */
  falseRejectMicros: number;
  falseRejectRegenerations: number;
  /** Everything spent on shots the gated run escalated, less what the perfect validator spent on them. */
  escalationMicros: number;
  escalatedShots: number;
  /** The rest: generations priced differently from the list price, or ones a false accept saved (negative). */
  otherMicros: number;
}

export function breakDownSpend(input: {
  charges: readonly Charge[];
  attempts: readonly AttemptRef[];
  escalatedShots: ReadonlySet<string>;
  perfect: PerfectValidatorResult;
}): SpendBreakdown {
  const attempts = new Map(input.attempts.map((attempt) => [attempt.id, attempt]));
  const perfectShots = new Map(input.perfect.shots.map((shot) => [shot.id, shot]));
  const isJudge = (charge: Charge) => charge.action.startsWith("judge.");
  let gatedMicros = 0;
  let allJudgeMicros = 0;
  let judgeMicros = 0;
  let judgeCalls = 0;
  let falseRejectMicros = 0;
  let falseRejectRegenerations = 0;
  let onEscalatedMicros = 0;
  for (const charge of input.charges) {
    gatedMicros += charge.micros;
    if (isJudge(charge)) allJudgeMicros += charge.micros;
    if (charge.shotId !== null && input.escalatedShots.has(charge.shotId)) {
      onEscalatedMicros += charge.micros;
      continue;
    }
    if (isJudge(charge)) {
      judgeMicros += charge.micros;
      judgeCalls += 1;
      continue;
    }
    const attempt = charge.attemptId === null ? undefined : attempts.get(charge.attemptId);
    const perfect = attempt ? perfectShots.get(attempt.shotId) : undefined;
    const stage = attempt?.stage === "panel" || attempt?.stage === "video" ? attempt.stage : undefined;
    const movedOnWith = stage ? perfect?.accepted[stage] : undefined;
    if (attempt && charge.action.startsWith("generate.") && movedOnWith !== undefined) {
      if (attempt.number > movedOnWith) {
        falseRejectMicros += charge.micros;
        falseRejectRegenerations += 1;
      }
    }
  }
  const perfectOnEscalated = [...input.escalatedShots].reduce(
    (sum, id) => sum + (perfectShots.get(id)?.spentMicros ?? 0),
    0,
  );
  const escalationMicros = onEscalatedMicros - perfectOnEscalated;
  const perfectMicros = input.perfect.spentMicros;
  return {
    gatedMicros,
    perfectMicros,
    judgingShare: gatedMicros ? allJudgeMicros / gatedMicros : 0,
    judgeMicros,
    judgeCalls,
    falseRejectMicros,
    falseRejectRegenerations,
    escalationMicros,
    escalatedShots: input.escalatedShots.size,
    otherMicros: gatedMicros - perfectMicros - judgeMicros - falseRejectMicros - escalationMicros,
  };
}

/** The breakdown of one recorded run, from its ledger rows and attempts. */
export async function gatedSpendBreakdown(
  db: Db,
  runId: string,
  escalatedShots: ReadonlySet<string>,
  perfect: PerfectValidatorResult,
): Promise<SpendBreakdown> {
  // Released rows cost nothing; uncertain ones are charged at their estimate, as runSpend counts them.
  const charges = (await ledgerRows(db, runId))
    .filter((row) => row.status === "settled" || row.status === "uncertain")
    .map((row) => ({
      shotId: row.shotId,
      attemptId: row.attemptId,
      action: row.action,
      micros: row.actualMicros ?? row.reservedMicros,
    }));
  return breakDownSpend({ charges, attempts: await listAttempts(db, runId), escalatedShots, perfect });
}
