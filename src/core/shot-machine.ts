import { z } from "zod";
import { BLAMES, type Blame } from "./blame.ts";
import type { Failure } from "./failure.ts";
import { CRITERIA } from "./scores.ts";

/**
 * The shot state machine: state + event -> state, and state -> the next step. Pure, so every
 * rule (gate order, retry cap, no progress, escalation) is tested without a database or a model.
 * The engine persists the state after every event, so a crashed worker's successor carries on.
 */
export const ARTIFACT_STAGES = ["panel", "end-panel", "video"] as const;
export type ArtifactStage = (typeof ARTIFACT_STAGES)[number];
/** Also the CHECK constraint on run_shots.status. */
export const SHOT_STATUSES = [
  "pending",
  "running",
  "accepted",
  "escalated",
  "failed",
  "halted",
  "stopped",
] as const;
export type ShotStatus = (typeof SHOT_STATUSES)[number];

export interface AttemptRecord {
  attemptId: number;
  number: number;
  score: number;
  passed: boolean;
  failures: Pick<Failure, "criterion" | "subject" | "score" | "reason">[];
}

export interface StageRecord {
  /** Attempts started, including ones lost to a crash (they keep their numbers). */
  started: number;
  /** Attempts that were judged, oldest first. */
  history: AttemptRecord[];
  existingTried: boolean;
  /** The attempt in progress: after a crash it is resumed under the same number, not started afresh. */
  open?: { number: number; existing: boolean };
  accepted?: number;
}

export interface ShotState {
  status: ShotStatus;
  stage: "references" | ArtifactStage | "done";
  stages: Record<ArtifactStage, StageRecord>;
  blame?: Blame;
  message?: string;
  escalationId?: string;
}

const attemptRecordSchema = z.looseObject({
  attemptId: z.number(),
  number: z.number(),
  score: z.number(),
  passed: z.boolean(),
  failures: z.array(
    z.looseObject({
      criterion: z.enum(CRITERIA),
      subject: z.string().optional(),
      score: z.number(),
      reason: z.string(),
    }),
  ),
});

const stageRecordSchema = z.looseObject({
  started: z.number(),
  history: z.array(attemptRecordSchema),
  existingTried: z.boolean(),
  open: z.looseObject({ number: z.number(), existing: z.boolean() }).optional(),
  accepted: z.number().optional(),
});

/**
 * A stored shot state, checked when read back. Loose: keys a newer version added are kept, so
 * saving the state again does not drop them.
 */
export const shotStateSchema: z.ZodType<ShotState> = z.looseObject({
  status: z.enum(SHOT_STATUSES),
  stage: z.enum(["references", ...ARTIFACT_STAGES, "done"]),
  stages: z.object({ panel: stageRecordSchema, "end-panel": stageRecordSchema, video: stageRecordSchema }),
  blame: z.enum(BLAMES).optional(),
  message: z.string().optional(),
  escalationId: z.string().optional(),
});

export interface MachineSettings {
  maxAttempts: number;
  noProgressWindow: number;
  frames: boolean;
  existing: { panel: boolean; "end-panel": boolean };
}

export type NextStep =
  | { kind: "check-references" }
  | { kind: "attempt"; stage: ArtifactStage; number: number; existing: boolean; resumed: boolean }
  | { kind: "escalate"; stage: ArtifactStage; reason: "retry-cap" | "no-progress" }
  | { kind: "finished" };

export type ShotEvent =
  | { type: "started" }
  | { type: "references-passed" }
  | { type: "references-failed"; message: string }
  | { type: "attempt-started"; stage: ArtifactStage; existing: boolean }
  | { type: "judged"; stage: ArtifactStage; record: AttemptRecord }
  | { type: "escalated"; escalationId: string; blame: Blame; message: string }
  | { type: "approved"; stage: ArtifactStage; attemptId: number }
  | { type: "rejected"; message: string }
  | { type: "failed"; blame: Blame; message: string }
  | { type: "halted"; message: string }
  | { type: "stopped"; message: string }
  | { type: "resumed" };

const emptyStage = (): StageRecord => ({ started: 0, history: [], existingTried: false });

export function initialShotState(): ShotState {
  return {
    status: "pending",
    stage: "references",
    stages: { panel: emptyStage(), "end-panel": emptyStage(), video: emptyStage() },
  };
}

export const TERMINAL: readonly ShotStatus[] = ["accepted", "escalated", "failed", "halted", "stopped"];

function stageAfter(stage: ArtifactStage, frames: boolean): ShotState["stage"] {
  if (stage === "panel") return frames ? "end-panel" : "video";
  if (stage === "end-panel") return "video";
  return "done";
}

/** True when the best score of the last `window` attempts is no better than the best before them. */
export function noProgress(history: readonly AttemptRecord[], window: number): boolean {
  if (history.length <= window) return false;
  const before = Math.max(...history.slice(0, -window).map((attempt) => attempt.score));
  const recent = Math.max(...history.slice(-window).map((attempt) => attempt.score));
  return recent <= before;
}

/** The judged record of the attempt a stage accepted (by the gate, or by a human's approval). */
export function acceptedRecord(state: ShotState, stage: ArtifactStage): AttemptRecord | undefined {
  const accepted = state.stages[stage].accepted;
  return state.stages[stage].history.find((record) => record.attemptId === accepted);
}

export function nextStep(state: ShotState, settings: MachineSettings): NextStep {
  if (TERMINAL.includes(state.status) || state.stage === "done") return { kind: "finished" };
  if (state.stage === "references") return { kind: "check-references" };
  const stage = state.stage;
  const record = state.stages[stage];
  if (record.open) return { kind: "attempt", stage, ...record.open, resumed: true };
  if (record.history.length >= settings.maxAttempts) return { kind: "escalate", stage, reason: "retry-cap" };
  if (noProgress(record.history, settings.noProgressWindow))
    return { kind: "escalate", stage, reason: "no-progress" };
  const existing = stage !== "video" && settings.existing[stage] && !record.existingTried;
  return { kind: "attempt", stage, number: record.started + 1, existing, resumed: false };
}

export function applyShotEvent(state: ShotState, event: ShotEvent, settings: MachineSettings): ShotState {
  const next: ShotState = structuredClone(state);
  switch (event.type) {
    case "started":
    case "resumed":
      if (
        next.status === "pending" ||
        next.status === "stopped" ||
        next.status === "halted" ||
        next.status === "running"
      ) {
        next.status = "running";
        delete next.message;
      }
      return next;
    case "references-passed":
      next.stage = "panel";
      return next;
    case "references-failed":
      return { ...next, status: "failed", blame: "reference", message: event.message };
    case "attempt-started": {
      const record = next.stages[event.stage];
      record.started += 1;
      record.open = { number: record.started, existing: event.existing };
      if (event.existing) record.existingTried = true;
      return next;
    }
    case "judged": {
      const record = next.stages[event.stage];
      delete record.open;
      record.history.push(event.record);
      if (event.record.passed) return accept(next, event.stage, event.record.attemptId, settings);
      return next;
    }
    case "approved":
      delete next.escalationId;
      delete next.message;
      delete next.blame;
      next.status = "running";
      return accept(next, event.stage, event.attemptId, settings);
    case "escalated":
      // An attempt cut short by a provider failure is over; a decision continues from the best judged one.
      for (const record of Object.values(next.stages)) delete record.open;
      return {
        ...next,
        status: "escalated",
        escalationId: event.escalationId,
        blame: event.blame,
        message: event.message,
      };
    case "rejected":
      return { ...next, status: "failed", message: event.message };
    case "failed":
      return { ...next, status: "failed", blame: event.blame, message: event.message };
    case "halted":
      return { ...next, status: "halted", message: event.message };
    case "stopped":
      return { ...next, status: "stopped", message: event.message };
  }
}

function accept(
  state: ShotState,
  stage: ArtifactStage,
  attemptId: number,
  settings: MachineSettings,
): ShotState {
  state.stages[stage].accepted = attemptId;
  state.stage = stageAfter(stage, settings.frames);
  if (state.stage === "done") state.status = "accepted";
  return state;
}
