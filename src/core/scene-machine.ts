import { z } from "zod";
import { BLAMES, type Blame } from "./blame.ts";

/**
 * The scene gate's state machine, beside the shot machine: state + event -> state. When every
 * shot of a whole-scene run is accepted, the gate stitches the accepted clips and judges each cut.
 * Failures map to events exactly as for shots (see failure-outcome.ts), so a STOP, a cap or a
 * provider failure during stitching ends the gate in a state the run's status follows from,
 * never leaves it at "stitching" with no one working on it.
 */
/** Also the CHECK constraint on scene_gates.status. */
export const SCENE_STATUSES = [
  "pending",
  "stitching",
  "passed",
  "escalated",
  "failed",
  "halted",
  "stopped",
] as const;
export type SceneStatus = (typeof SCENE_STATUSES)[number];

export interface SceneState {
  status: SceneStatus;
  /** The attempt row holding the stitched clip and the cut verdicts. */
  attemptId?: number;
  escalationId?: string;
  blame?: Blame;
  message?: string;
}

/** A stored scene state, checked when read back (loose, as for shots). */
export const sceneStateSchema: z.ZodType<SceneState> = z.looseObject({
  status: z.enum(SCENE_STATUSES),
  attemptId: z.number().optional(),
  escalationId: z.string().optional(),
  blame: z.enum(BLAMES).optional(),
  message: z.string().optional(),
});

export type SceneEvent =
  | { type: "started" }
  | { type: "stitched"; attemptId: number }
  | { type: "passed" }
  | { type: "escalated"; escalationId: string; blame: Blame; message: string }
  | { type: "approved" }
  | { type: "rejected"; message: string }
  | { type: "failed"; blame: Blame; message: string }
  | { type: "halted"; message: string }
  | { type: "stopped"; message: string }
  | { type: "resumed" };

export const SCENE_TERMINAL: readonly SceneStatus[] = ["passed", "escalated", "failed", "halted", "stopped"];

export function initialSceneState(): SceneState {
  return { status: "pending" };
}

export function applySceneEvent(state: SceneState, event: SceneEvent): SceneState {
  const next: SceneState = { ...state };
  switch (event.type) {
    case "started":
    case "resumed":
      // A decided gate stays decided; an interrupted one (or one a dead worker held) starts again.
      if (["pending", "stitching", "stopped", "halted"].includes(next.status)) {
        delete next.message;
        next.status = "stitching";
      }
      return next;
    case "stitched":
      return { ...next, attemptId: event.attemptId };
    case "passed":
      return { ...next, status: "passed" };
    case "escalated":
      return {
        ...next,
        status: "escalated",
        escalationId: event.escalationId,
        blame: event.blame,
        message: event.message,
      };
    case "approved":
      if (next.status !== "escalated") return next;
      delete next.escalationId;
      return { ...next, status: "passed" };
    case "rejected":
      if (next.status !== "escalated") return next;
      return { ...next, status: "failed", message: event.message };
    case "failed":
      return { ...next, status: "failed", blame: event.blame, message: event.message };
    case "halted":
      return { ...next, status: "halted", message: event.message };
    case "stopped":
      return { ...next, status: "stopped", message: event.message };
  }
}

/** The run's status once its scene gate has come to rest; undefined while the gate is at work. */
export function runStatusOf(
  state: SceneState,
): "done" | "escalated" | "failed" | "halted" | "stopped" | undefined {
  switch (state.status) {
    case "passed":
      return "done";
    case "escalated":
    case "failed":
    case "halted":
    case "stopped":
      return state.status;
    default:
      return undefined;
  }
}
