import type { CriterionName } from "./scores.ts";
import type { AttemptRecord } from "./shot-machine.ts";
import type { Thresholds } from "./verdict.ts";

/**
 * How much a failed criterion matters to a human choosing what to accept. A panel in the wrong
 * room, with the wrong person or someone missing cannot be cut into the scene; a wardrobe slip or
 * a missing prop can sometimes be lived with; a small artifact usually can.
 */
const WEIGHT: Record<CriterionName, number> = {
  identity: 100,
  charactersPresent: 100,
  location: 100,
  wardrobe: 10,
  continuity: 10,
  props: 3,
  artifacts: 1,
};

interface Rank {
  passed: boolean;
  /** Weighted count of the criteria that failed: which failures there are. */
  gravity: number;
  /** Summed distance below the thresholds: how far off they are. */
  shortfall: number;
  score: number;
}

function rankOf(record: AttemptRecord, thresholds: Thresholds): Rank {
  // One failure per criterion and subject: a clip's keyframes can repeat the same finding.
  const worst = new Map<string, { criterion: CriterionName; score: number }>();
  for (const failure of record.failures) {
    const key = `${failure.criterion}:${failure.subject ?? ""}`;
    const known = worst.get(key);
    if (!known || failure.score < known.score) worst.set(key, failure);
  }
  let gravity = 0;
  let shortfall = 0;
  for (const failure of worst.values()) {
    gravity += WEIGHT[failure.criterion] ?? 1;
    shortfall += Math.max(0, (thresholds[failure.criterion] ?? 1) - failure.score);
  }
  return { passed: record.passed, gravity, shortfall, score: record.score };
}

/** Negative when `a` is the better attempt to offer a human. */
function compare(a: Rank, b: Rank): number {
  if (a.passed !== b.passed) return a.passed ? -1 : 1;
  if (a.gravity !== b.gravity) return a.gravity - b.gravity;
  if (a.shortfall !== b.shortfall) return a.shortfall - b.shortfall;
  return b.score - a.score;
}

/**
 * The attempt an escalation offers: ranked by the failures that matter (which criteria failed,
 * then how far below their thresholds), not by the lowest score alone, which is 0 for every
 * attempt with any one criterion at 0. Ties go to the earlier attempt.
 */
export function bestAttempt(
  history: readonly AttemptRecord[],
  thresholds: Thresholds,
): AttemptRecord | undefined {
  let best: { record: AttemptRecord; rank: Rank } | undefined;
  for (const record of history) {
    const rank = rankOf(record, thresholds);
    if (!best || compare(rank, best.rank) < 0) best = { record, rank };
  }
  return best?.record;
}
