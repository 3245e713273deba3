import type { Shot } from "../../core/manifest.ts";
import type { RunSettings } from "../../core/run-settings.ts";
import type { MachineSettings } from "../../core/shot-machine.ts";

// The type lives in core (the database decodes it); the engine's callers keep importing it here.
export type { RunSettings };

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
