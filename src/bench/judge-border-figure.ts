import type { Db } from "../../db/create-db.ts";
import { listAttempts, listValidations } from "../../db/queries/attempts.ts";
import { ledgerRows } from "../../db/queries/spend.ts";
import { scoresSchema } from "../core/scores.ts";
import { nearBorder } from "../core/second-opinion.ts";
import type { Thresholds } from "../core/verdict.ts";

export interface JudgeBorderFigure {
  band: number;
  judgeCalls: number;
  /** Judge answers with a score within the band of its threshold: each is asked once more by a paid judge. */
  atBorder: number;
  /** What those second calls cost at this run's mean judge call. */
  extraMicros: number;
}

/**
 * What CONTINUITY_JUDGE_BORDER costs on a run. The bench's offline judge is deterministic (asking
 * it again answers the same, so it never is asked), hence the figure counts the answers a paid
 * judge would be asked again about and prices them at the run's own mean judge call.
 */
export async function judgeBorderFigure(
  db: Db,
  runId: string,
  thresholds: Thresholds,
  band: number,
): Promise<JudgeBorderFigure> {
  const attempts = await listAttempts(db, runId);
  const judged = (
    await listValidations(
      db,
      attempts.map((attempt) => attempt.id),
    )
  ).filter((validation) => validation.tier === "judge");
  const atBorder = judged.filter((validation) => {
    const sheet = scoresSchema.safeParse(validation.scores);
    return sheet.success && nearBorder(sheet.data, thresholds, band);
  }).length;
  const judgeRows = (await ledgerRows(db, runId)).filter((row) => row.action.startsWith("judge."));
  const total = judgeRows.reduce((sum, row) => sum + (row.actualMicros ?? row.reservedMicros), 0);
  const mean = judgeRows.length ? total / judgeRows.length : 0;
  return { band, judgeCalls: judgeRows.length, atBorder, extraMicros: Math.round(atBorder * mean) };
}
