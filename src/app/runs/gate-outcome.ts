import type { AttemptRow } from "../../../db/queries/attempts.ts";
import type { EscalationRow } from "../../../db/queries/escalations.ts";
import { SCENE_SHOT_ID } from "../engine/scene-stage.ts";

/** A human's decision on an escalation, as every front end shows it. */
export interface Decision {
  escalationId: string;
  shotId: string;
  stage: string;
  /** The attempt the escalation offered (its best one), which an approval takes. */
  attemptId: number | null;
  status: "pending" | "approved" | "rejected" | "superseded";
  by: string | null;
  at: string | null;
  reason: string;
  blame: string | null;
}

/**
 * How a gate ended, from the recorded facts only. An approved failure is its own outcome, never
 * a pass and never a plain fail: a reader must see that a person took it over a failed gate.
 */
export type GateOutcome =
  | { kind: "not-run" }
  | { kind: "passed" }
  | { kind: "failed" }
  | { kind: "awaiting-decision"; decision: Decision }
  | { kind: "accepted-over-failure"; decision: Decision }
  | { kind: "rejected"; decision: Decision };

export function toDecision(row: EscalationRow): Decision {
  return {
    escalationId: row.id,
    shotId: row.shotId,
    stage: row.stage,
    attemptId: row.attemptId,
    status: row.status as Decision["status"],
    by: row.decidedBy,
    at: row.decidedAt ? row.decidedAt.toISOString() : null,
    reason: row.reason,
    blame: row.blame,
  };
}

/** "2026-12-01 21:40 UTC": minutes are enough for a reader; the JSON keeps the full instant. */
export function formatWhen(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "an unrecorded time";
}

/** The words every surface uses for an outcome. */
export function describeOutcome(outcome: GateOutcome): string {
  switch (outcome.kind) {
    case "not-run":
      return "not run";
    case "passed":
      return "passed";
    case "failed":
      return "failed";
    case "awaiting-decision":
      return `failed, awaiting a decision on escalation ${outcome.decision.escalationId}`;
    case "accepted-over-failure":
      return `accepted by ${outcome.decision.by ?? "someone"} at ${formatWhen(outcome.decision.at)} over a failed gate`;
    case "rejected":
      return `rejected by ${outcome.decision.by ?? "someone"} at ${formatWhen(outcome.decision.at)}`;
  }
}

/** One gate's outcome from its verdict and the escalations raised on it. */
export function outcomeOf(verdict: string | null, decisions: readonly Decision[]): GateOutcome {
  if (verdict === "passed") return { kind: "passed" };
  const live = decisions.filter((decision) => decision.status !== "superseded").at(-1);
  // An attempt with no verdict may still have been escalated (the provider failed while judging it).
  if (!live) return verdict === null || verdict === "pending" ? { kind: "not-run" } : { kind: "failed" };
  if (live.status === "approved") return { kind: "accepted-over-failure", decision: live };
  if (live.status === "rejected") return { kind: "rejected", decision: live };
  return { kind: "awaiting-decision", decision: live };
}

/**
 * The scene gate's outcome: the one place that reads it. Today the scene gate is an attempt of the
 * `_scene` pseudo shot and its escalations; when the scene gate gets its own table, only this
 * function changes.
 */
export function sceneOutcome(
  attempts: readonly AttemptRow[],
  escalations: readonly EscalationRow[],
  gateAttemptId?: number,
): { outcome: GateOutcome; attempt: AttemptRow | undefined } {
  const sceneAttempts = attempts
    .filter((item) => item.shotId === SCENE_SHOT_ID && item.stage === "scene")
    .sort((a, b) => a.id - b.id);
  const attempt =
    (gateAttemptId === undefined ? undefined : sceneAttempts.find((item) => item.id === gateAttemptId)) ??
    sceneAttempts.at(-1);
  const decisions = escalations
    .filter((row) => row.shotId === SCENE_SHOT_ID && (attempt ? row.attemptId === attempt.id : true))
    .map(toDecision);
  return { outcome: outcomeOf(attempt?.verdict ?? null, decisions), attempt };
}

/** Every decision on one shot's attempts, oldest first (a shot may be approved at panel, then again at video). */
export function decisionsOf(shotId: string, escalations: readonly EscalationRow[]): Decision[] {
  return escalations.filter((row) => row.shotId === shotId).map(toDecision);
}

/** The outcome of one attempt: its verdict, and a decision that offered exactly this attempt. */
export function attemptOutcome(attempt: AttemptRow, escalations: readonly EscalationRow[]): GateOutcome {
  return outcomeOf(
    attempt.verdict,
    escalations.filter((row) => row.attemptId === attempt.id).map(toDecision),
  );
}

/**
 * What a shot's outcome says beyond its status: an accepted shot that a person took over a failed
 * gate says so (by whom, when, at which stage); a rejected one says who rejected it.
 */
export function shotVerdictLine(status: string, decisions: readonly Decision[]): string | null {
  const approved = decisions.filter((decision) => decision.status === "approved");
  const rejected = decisions.filter((decision) => decision.status === "rejected").at(-1);
  if (status === "failed" && rejected)
    return `rejected by ${rejected.by ?? "someone"} at ${formatWhen(rejected.at)}`;
  if (approved.length === 0) return null;
  return approved
    .map(
      (decision) =>
        `accepted by ${decision.by ?? "someone"} at ${formatWhen(decision.at)} over a failed ${decision.stage} gate`,
    )
    .join("; ");
}

/**
 * The run's status as one line every surface agrees on: a run that is done only because a person
 * took the scene over a failed continuity gate says so.
 */
export function runStatusLine(status: string, scene: GateOutcome): string {
  if (status === "done" && scene.kind === "accepted-over-failure")
    return `done: scene ${describeOutcome(scene)}`;
  if (status === "failed" && scene.kind === "rejected") return `failed: scene ${describeOutcome(scene)}`;
  return status;
}
