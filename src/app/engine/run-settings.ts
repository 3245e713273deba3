import type { Shot } from "../../core/manifest.ts";
import type { Micros } from "../../core/money.ts";
import type { DurationChange } from "../../core/plan-checks.ts";
import type { MachineSettings } from "../../core/shot-machine.ts";
import type { Thresholds } from "../../core/verdict.ts";

/** The settings a run was started with, stored on the run so a resumed run behaves the same. */
export interface RunSettings {
  thresholds: Thresholds;
  maxAttempts: number;
  noProgressWindow: number;
  frames: boolean;
  width: number;
  height: number;
  timezone: string;
  wholeScene: boolean;
  /** Locked content hashes of the bible the run validates against. */
  lockedHashes: Record<string, string>;
  /** Durations plan time moved to one the video model makes (CONTINUITY_DURATION_POLICY=nearest). */
  durationChanges?: DurationChange[];
}

/** The shot as this run renders it: at the duration plan time settled on, which the clip checks then expect. */
export function plannedShot(shot: Shot, settings: RunSettings): Shot {
  const change = settings.durationChanges?.find((candidate) => candidate.shotId === shot.id);
  return change ? { ...shot, duration: change.plannedSeconds } : shot;
}

/** YYYY-MM-DD of an instant in the configured time zone: the day a cost counts against. */
export function dayOf(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

/**
 * The state machine's settings for a run's shot. Which panels exist only matters when choosing
 * the next attempt; events (approve, resume) are applied the same way without the shot.
 */
export function machineSettings(settings: RunSettings, shot?: Shot): MachineSettings {
  return {
    maxAttempts: settings.maxAttempts,
    noProgressWindow: settings.noProgressWindow,
    frames: settings.frames,
    existing: { panel: shot?.panel !== undefined, "end-panel": shot?.end?.panel !== undefined },
  };
}
