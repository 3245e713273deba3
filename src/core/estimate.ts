import type { Shot } from "./manifest.ts";
import type { Micros } from "./money.ts";

/** Unit costs the estimate is built from, already priced from the price table. */
export interface UnitCosts {
  panel: Micros;
  judge: Micros;
  videoPerSecond: (seconds: number) => Micros;
}

export interface EstimateSettings {
  maxAttempts: number;
  frames: boolean;
  /** Keyframes the judge scores per clip (the free local tier looks at more). */
  judgedKeyframes: number;
  /** Whole scene: the stitched scene's gate judges every cut. */
  sceneGate: boolean;
  cap: Micros;
}

export interface ShotEstimate {
  shotId: string;
  expected: Micros;
  worst: Micros;
}

export interface ScopeEstimate {
  shots: ShotEstimate[];
  /** Every gate passes first time. */
  expected: Micros;
  /** Every artifact uses all its retries. */
  worst: Micros;
  /** What the caps let the run spend at most: min(worst, cap). */
  worstUnderCap: Micros;
}

function panelStage(costs: UnitCosts, settings: EstimateSettings, existing: boolean) {
  const generationsExpected = existing ? 0 : 1;
  const generationsWorst = existing ? settings.maxAttempts - 1 : settings.maxAttempts;
  return {
    expected: generationsExpected * costs.panel + costs.judge,
    worst: generationsWorst * costs.panel + settings.maxAttempts * costs.judge,
  };
}

export function estimateScope(
  shots: readonly Shot[],
  costs: UnitCosts,
  settings: EstimateSettings,
): ScopeEstimate {
  const perShot = shots.map((shot) => {
    const stages = [panelStage(costs, settings, shot.panel !== undefined)];
    if (settings.frames) stages.push(panelStage(costs, settings, shot.end?.panel !== undefined));
    const clip = costs.videoPerSecond(shot.duration) + settings.judgedKeyframes * costs.judge;
    stages.push({ expected: clip, worst: settings.maxAttempts * clip });
    return {
      shotId: shot.id,
      expected: stages.reduce((sum, stage) => sum + stage.expected, 0),
      worst: stages.reduce((sum, stage) => sum + stage.worst, 0),
    };
  });
  const cuts = settings.sceneGate ? Math.max(0, shots.length - 1) * costs.judge : 0;
  const expected = perShot.reduce((sum, shot) => sum + shot.expected, 0) + cuts;
  const worst = perShot.reduce((sum, shot) => sum + shot.worst, 0) + cuts;
  return { shots: perShot, expected, worst, worstUnderCap: Math.min(worst, settings.cap) };
}
