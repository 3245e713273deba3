import { z } from "zod";
import type { DurationChange } from "./plan-checks.ts";
import { CRITERIA } from "./scores.ts";
import type { Thresholds } from "./verdict.ts";

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

const durationChangeSchema = z.looseObject({
  shotId: z.string(),
  askedSeconds: z.number(),
  plannedSeconds: z.number(),
  because: z.string(),
});

/**
 * Stored settings, checked when read back. Loose, and `durationChanges` optional, because runs
 * started before a field existed must still resume.
 */
export const runSettingsSchema: z.ZodType<RunSettings> = z.looseObject({
  thresholds: z.record(z.enum(CRITERIA), z.number()),
  maxAttempts: z.number(),
  noProgressWindow: z.number(),
  frames: z.boolean(),
  width: z.number(),
  height: z.number(),
  timezone: z.string(),
  wholeScene: z.boolean(),
  lockedHashes: z.record(z.string(), z.string()),
  durationChanges: z.array(durationChangeSchema).optional(),
});
