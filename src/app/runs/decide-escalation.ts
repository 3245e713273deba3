import type { Db } from "../../../db/create-db.ts";
import { findAttempt } from "../../../db/queries/attempts.ts";
import {
  type EscalationRow,
  findEscalation,
  decideEscalation as recordDecision,
} from "../../../db/queries/escalations.ts";
import { findRunShot, saveShotState } from "../../../db/queries/run-shots.ts";
import { findRun, setRunStatus } from "../../../db/queries/runs.ts";
import { findSceneGate, saveSceneGateState } from "../../../db/queries/scene-gates.ts";
import { AppError } from "../../core/app-error.ts";
import { applySceneEvent, runStatusOf, type SceneState } from "../../core/scene-machine.ts";
import { type ArtifactStage, applyShotEvent, type ShotState } from "../../core/shot-machine.ts";
import { machineSettings } from "../engine/run-settings.ts";
import { SCENE_SHOT_ID } from "../engine/scene-stage.ts";

export interface DecisionInput {
  id: string;
  decision: "approve" | "reject";
  by: string;
  allowSelfApproval: boolean;
}

export interface DecisionResult {
  escalation: EscalationRow;
  /** True when the shot goes on from the approved attempt and needs a worker. */
  continues: boolean;
}

/**
 * A human's decision on an escalation. It binds to the escalated attempt's artifact: a decision
 * on an escalation that was superseded, already decided, or whose artifact changed is refused.
 * The requester may not approve their own spend unless configuration allows it.
 */
export async function decideEscalation(db: Db, input: DecisionInput): Promise<DecisionResult> {
  const escalation = await findEscalation(db, input.id);
  if (!escalation) throw new AppError("UNKNOWN_ESCALATION", `no escalation ${input.id}`);
  if (escalation.status === "superseded") {
    throw new AppError(
      "ESCALATION_SUPERSEDED",
      `escalation ${input.id} was superseded by a newer attempt at shot ${escalation.shotId}; nothing was decided`,
    );
  }
  if (escalation.status !== "pending") {
    throw new AppError(
      "ESCALATION_DECIDED",
      `escalation ${input.id} was already ${escalation.status} by ${escalation.decidedBy ?? "someone"}`,
    );
  }
  if (input.decision === "approve" && !input.allowSelfApproval && input.by === escalation.requestedBy) {
    throw new AppError(
      "SELF_APPROVAL",
      `${input.by} started this run and may not approve its own escalation; ask another approver`,
    );
  }
  const approving = input.decision === "approve";
  if (approving) {
    if (escalation.attemptId === null) {
      throw new AppError(
        "NOTHING_TO_APPROVE",
        `escalation ${input.id} has no judged attempt to accept (${escalation.reason}); reject it or render the shot again`,
      );
    }
    const attempt = await findAttempt(db, escalation.attemptId);
    if (!attempt || attempt.artifactHash !== escalation.artifactHash) {
      throw new AppError(
        "ESCALATION_STALE",
        `the artifact escalation ${input.id} was raised for has changed; nothing was decided`,
      );
    }
  }
  const run = await findRun(db, escalation.runId);
  if (!run)
    throw new AppError("UNKNOWN_RUN", `escalation ${input.id} belongs to a run that no longer exists`);
  const isScene = escalation.shotId === SCENE_SHOT_ID;
  const gate = isScene ? await findSceneGate(db, escalation.runId) : undefined;
  const sceneState = gate?.state;
  if (isScene && sceneState?.escalationId !== escalation.id) {
    throw new AppError(
      "ESCALATION_SUPERSEDED",
      `the scene gate of run ${escalation.runId} has moved on since escalation ${input.id}; nothing was decided`,
    );
  }
  const row = isScene ? undefined : await findRunShot(db, escalation.runId, escalation.shotId);
  const state = row?.state;
  if (!isScene && state?.escalationId !== escalation.id) {
    throw new AppError(
      "ESCALATION_SUPERSEDED",
      `shot ${escalation.shotId} has moved on since escalation ${input.id}; nothing was decided`,
    );
  }

  const decided = await recordDecision(db, input.id, {
    status: approving ? "approved" : "rejected",
    decidedBy: input.by,
  });
  if (!decided)
    throw new AppError(
      "ESCALATION_DECIDED",
      `escalation ${input.id} was decided by someone else a moment ago`,
    );

  if (isScene) {
    const next = applySceneEvent(
      sceneState as SceneState,
      approving ? { type: "approved" } : { type: "rejected", message: `rejected by ${input.by}` },
    );
    await saveSceneGateState(db, run.id, null, next);
    await setRunStatus(db, run.id, runStatusOf(next) ?? (approving ? "done" : "failed"));
    return { escalation: decided, continues: false };
  }
  const settings = run.settings;
  const machine = machineSettings(settings);
  const next = approving
    ? applyShotEvent(
        state as ShotState,
        {
          type: "approved",
          stage: escalation.stage as ArtifactStage,
          attemptId: escalation.attemptId as number,
        },
        machine,
      )
    : applyShotEvent(state as ShotState, { type: "rejected", message: `rejected by ${input.by}` }, machine);
  await saveShotState(db, run.id, escalation.shotId, null, next);
  const continues = next.status === "running" || next.status === "accepted";
  if (continues) await setRunStatus(db, run.id, "running");
  return { escalation: decided, continues };
}
