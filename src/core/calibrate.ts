import { CRITERIA, type CriterionName } from "./scores.ts";
import type { Thresholds } from "./verdict.ts";

/**
 * Thresholds learned from the team's own decisions: every ✅/❌ (approve/reject) on an escalated
 * attempt, with the scores that attempt was judged on. Pure: decisions in, a report out.
 */

/** One human decision and, per criterion, the lowest decisive score the attempt had (absent: not measured). */
export interface Decision {
  id: string;
  approved: boolean;
  scores: Partial<Record<CriterionName, number>>;
}

/** Below this many informative decisions a criterion's best threshold is not suggested. */
export const MIN_DECISIONS = 10;

export interface CriterionCalibration {
  criterion: CriterionName;
  current: number;
  /** Decisions that say something about this criterion (see calibrate). */
  decisions: number;
  approved: number;
  rejected: number;
  /** Under the current threshold: decisions the gate agrees with, passes a human rejected, fails a human approved. */
  agreements: number;
  falseAccepts: number;
  falseRejects: number;
  /** The threshold that agrees with the most decisions (null until there are enough of them). */
  best: number | null;
  bestAgreements: number | null;
  /** How many more decisions are needed before a threshold is suggested. */
  needs: number;
}

export interface Calibration {
  decisions: number;
  criteria: CriterionCalibration[];
  /** Ready to paste: the best threshold where there are enough decisions, the current one elsewhere. */
  thresholdsLine: string;
}

function agreementAt(points: readonly { score: number; approved: boolean }[], threshold: number) {
  let agreements = 0;
  let falseAccepts = 0;
  let falseRejects = 0;
  for (const point of points) {
    const passes = point.score >= threshold;
    if (passes === point.approved) agreements++;
    else if (passes) falseAccepts++;
    else falseRejects++;
  }
  return { agreements, falseAccepts, falseRejects };
}

/**
 * Agreement only changes where the threshold crosses a score, so the candidates are one threshold
 * per gap between neighbouring distinct scores (its midpoint, to two decimals when that stays in
 * the gap), plus "pass everything" (0) and "fail everything" (just above the highest score, at
 * most 1). Among equally good candidates the one nearest the current threshold wins: the least
 * change that agrees as well.
 */
export function bestThreshold(
  points: readonly { score: number; approved: boolean }[],
  current: number,
): { threshold: number; agreements: number } {
  const distinct = [...new Set(points.map((point) => point.score))].sort((a, b) => a - b);
  // The current threshold is a candidate too: when it already agrees best it is kept as it is.
  const candidates = [current, 0];
  for (let i = 1; i < distinct.length; i++) {
    const low = distinct[i - 1] as number;
    const high = distinct[i] as number;
    const mid = (low + high) / 2;
    const rounded = Math.round(mid * 100) / 100;
    candidates.push(rounded > low && rounded <= high ? rounded : mid);
  }
  const top = distinct.at(-1);
  if (top !== undefined && top < 1) candidates.push(Math.min(1, Math.round((top + 0.01) * 100) / 100));
  let best = { threshold: current, agreements: -1 };
  for (const threshold of candidates) {
    const { agreements } = agreementAt(points, threshold);
    const better =
      agreements > best.agreements ||
      (agreements === best.agreements && Math.abs(threshold - current) < Math.abs(best.threshold - current));
    if (better) best = { threshold, agreements };
  }
  return best;
}

/**
 * Per criterion, the decisions that say something about it: every approval where it was measured
 * (an approved artifact should pass every criterion), and every rejection where it was measured
 * and no other criterion already fails under the current thresholds (a rejection another
 * criterion explains says nothing about this one).
 */
export function calibrate(decisions: readonly Decision[], current: Thresholds): Calibration {
  const criteria = CRITERIA.map((criterion): CriterionCalibration => {
    const points = decisions.flatMap((decision) => {
      const score = decision.scores[criterion];
      if (score === undefined) return [];
      if (!decision.approved) {
        const explained = CRITERIA.some(
          (other) => other !== criterion && (decision.scores[other] ?? 1) < current[other],
        );
        if (explained) return [];
      }
      return [{ score, approved: decision.approved }];
    });
    const now = agreementAt(points, current[criterion]);
    const enough = points.length >= MIN_DECISIONS;
    const best = enough ? bestThreshold(points, current[criterion]) : null;
    return {
      criterion,
      current: current[criterion],
      decisions: points.length,
      approved: points.filter((point) => point.approved).length,
      rejected: points.filter((point) => !point.approved).length,
      ...now,
      best: best?.threshold ?? null,
      bestAgreements: best?.agreements ?? null,
      needs: Math.max(0, MIN_DECISIONS - points.length),
    };
  });
  const thresholdsLine = `CONTINUITY_THRESHOLDS=${criteria
    .map((item) => `${item.criterion}=${item.best ?? item.current}`)
    .join(",")}`;
  return { decisions: decisions.length, criteria, thresholdsLine };
}
