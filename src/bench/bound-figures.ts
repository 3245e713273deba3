import type { AchievableBound } from "./achievable-bound.ts";

/** The issue's goals at the default fault rates. */
const RATIO_GOAL = 1.05;
const SAVING_GOAL = 0.35;

interface PerAccepted {
  perAcceptedMicros: number | null;
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * The perfect-validator row of the bench's table, the lines comparing the gated run with it and
 * with video-only validation, and the same as JSON keys. Ratios are per accepted shot: a
 * strategy that escalates more pays for fewer usable shots.
 */
export function boundFigures(
  gated: PerAccepted,
  videoOnly: PerAccepted,
  bound: AchievableBound,
  usd: (micros: number | null) => string,
): { row: string; lines: string[]; figures: Record<string, unknown> } {
  const { perfect, beyondPerfect: extra } = bound;
  const gatedToPerfect = ratio(gated.perAcceptedMicros, perfect.perAcceptedMicros);
  const toVideoOnly = ratio(gated.perAcceptedMicros, videoOnly.perAcceptedMicros);
  const savingVsVideoOnly = toVideoOnly === null ? null : 1 - toVideoOnly;
  const row = `${"(d) perfect validator".padEnd(26)}${usd(perfect.perAcceptedMicros).padEnd(18)}${String(perfect.accepted).padEnd(11)}${String(perfect.escalated).padEnd(12)}${usd(perfect.spentMicros)}`;
  const lines = [
    `(d) is free and never wrong on (a)'s own fault logs: it pays for every generation (faulty ones too) and regenerates at once${perfect.undrawn ? `; ${perfect.undrawn} shots needed attempts (a) never drew, so (d) is a lower bound there` : ""}`,
    `gated / perfect validator: ${gatedToPerfect === null ? "n/a" : `${gatedToPerfect.toFixed(3)}x`} per accepted shot (goal <= ${RATIO_GOAL}x); gated vs video-only validation: ${savingVsVideoOnly === null ? "n/a" : `${percent(savingVsVideoOnly)} less`} per accepted shot (goal >= ${percent(SAVING_GOAL)}); judging ${percent(extra.judgingShare)} of (a)'s spend`,
    `(a) beyond (d): ${usd(extra.gatedMicros - extra.perfectMicros)} = judge calls ${usd(extra.judgeMicros)} (${extra.judgeCalls} calls) + false rejects ${usd(extra.falseRejectMicros)} (${extra.falseRejectRegenerations} good artifacts made again) + escalations ${usd(extra.escalationMicros)} (${extra.escalatedShots} shot${extra.escalatedShots === 1 ? "" : "s"}, beyond what (d) spent on them) + other ${usd(extra.otherMicros)}`,
  ];
  return {
    row,
    lines,
    figures: {
      perfectValidator: perfect,
      gatedToPerfect,
      savingVsVideoOnly,
      judgingShare: extra.judgingShare,
      beyondPerfect: extra,
    },
  };
}
