/**
 * The achievable bound: what a perfect validator (free, never wrong) would have paid on the very
 * draws a gated run made. Unlike the oracle it cannot avoid a clip the model got wrong, so it pays
 * for every faulty generation; it catches each fault at once and regenerates, within the same
 * retry cap, and moves on at the first clean one. Computed from the generators' fault logs
 * alone, so it is exact for those draws and involves no simulation.
 */

/** One generation as the offline studio logged it: its seeded fault, or null when clean. */
export interface FaultRecord {
  shotId: string;
  attempt: number;
  fault: string | null;
  /** Panels only: "start" or "end". */
  frame?: string;
}

export interface PricedShot {
  id: string;
  /** What one panel of the shot costs. */
  panelMicros: number;
  /** What one clip of the shot costs. */
  videoMicros: number;
}

export type PerfectOutcome = "accepted" | "escalated" | "undrawn";

export interface PerfectShot {
  id: string;
  /**
   * accepted: a clean panel and a clean clip within the cap; escalated: every attempt of a stage
   * faulty; undrawn: it needed an attempt the logs lack (the gated run stopped earlier, which
   * only a validator mistake makes happen), so its cost here is a lower bound.
   */
  outcome: PerfectOutcome;
  /** Attempts made per stage (0: the stage was never reached). */
  attempts: { panel: number; video: number };
  /** The attempt a stage moved on with, when it did. */
  accepted: { panel?: number; video?: number };
  spentMicros: number;
}

export interface PerfectValidatorResult {
  spentMicros: number;
  accepted: number;
  escalated: number;
  /** Shots whose cost is a lower bound because the logs lack an attempt they needed. */
  undrawn: number;
  perAcceptedMicros: number | null;
  shots: PerfectShot[];
}

type StageRun = { attempts: number; accepted?: number; undrawn: boolean };

/** Attempts 1, 2, … until the first clean one, at most `maxAttempts`. */
function runStage(faultOf: (attempt: number) => string | null | undefined, maxAttempts: number): StageRun {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const fault = faultOf(attempt);
    if (fault === undefined) return { attempts: attempt - 1, undrawn: true };
    if (fault === null) return { attempts: attempt, accepted: attempt, undrawn: false };
  }
  return { attempts: maxAttempts, undrawn: false };
}

function lookup(log: readonly FaultRecord[]) {
  const byKey = new Map(log.map((record) => [`${record.shotId}#${record.attempt}`, record.fault]));
  return (shotId: string) => (attempt: number) => byKey.get(`${shotId}#${attempt}`);
}

export function perfectValidator(input: {
  shots: readonly PricedShot[];
  maxAttempts: number;
  /** The start panels' log (first-frame mode: one panel per attempt). */
  panelFaults: readonly FaultRecord[];
  videoFaults: readonly FaultRecord[];
}): PerfectValidatorResult {
  const panelOf = lookup(input.panelFaults.filter((record) => (record.frame ?? "start") === "start"));
  const videoOf = lookup(input.videoFaults);
  const shots = input.shots.map((shot): PerfectShot => {
    const panel = runStage(panelOf(shot.id), input.maxAttempts);
    const video: StageRun =
      panel.accepted === undefined
        ? { attempts: 0, undrawn: false }
        : runStage(videoOf(shot.id), input.maxAttempts);
    const undrawn = panel.undrawn || video.undrawn;
    const outcome: PerfectOutcome = undrawn
      ? "undrawn"
      : video.accepted === undefined
        ? "escalated"
        : "accepted";
    return {
      id: shot.id,
      outcome,
      attempts: { panel: panel.attempts, video: video.attempts },
      accepted: {
        ...(panel.accepted !== undefined ? { panel: panel.accepted } : {}),
        ...(video.accepted !== undefined ? { video: video.accepted } : {}),
      },
      spentMicros: panel.attempts * shot.panelMicros + video.attempts * shot.videoMicros,
    };
  });
  const spentMicros = shots.reduce((sum, shot) => sum + shot.spentMicros, 0);
  const accepted = shots.filter((shot) => shot.outcome === "accepted").length;
  return {
    spentMicros,
    accepted,
    escalated: shots.filter((shot) => shot.outcome === "escalated").length,
    undrawn: shots.filter((shot) => shot.outcome === "undrawn").length,
    perAcceptedMicros: accepted ? Math.round(spentMicros / accepted) : null,
    shots,
  };
}
