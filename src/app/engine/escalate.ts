import { randomBytes } from "node:crypto";
import { findAttempt } from "../../../db/queries/attempts.ts";
import { insertEscalation } from "../../../db/queries/escalations.ts";
import { bestAttempt } from "../../core/best-attempt.ts";
import { type Blame, blameFor, describeBlame } from "../../core/blame.ts";
import {
  type ArtifactStage,
  acceptedRecord,
  type ShotEvent,
  type ShotState,
} from "../../core/shot-machine.ts";
import type { Thresholds } from "../../core/verdict.ts";
import type { EngineDeps } from "./engine-deps.ts";

export function newEscalationId(): string {
  return `e${randomBytes(3).toString("hex")}`;
}

/**
 * Hands a shot to a human: the best attempt so far, its scores and blame, pending a decision
 * that binds to that attempt's artifact. The rest of the run goes on.
 */
export async function escalateShot(
  deps: EngineDeps,
  input: {
    runId: string;
    shotId: string;
    stage: ArtifactStage | "scene";
    state?: ShotState;
    /** The run's thresholds: the best attempt is the one whose failures matter least. */
    thresholds: Thresholds;
    reason: string;
    blame?: Blame;
    requestedBy: string;
    attemptId?: number;
  },
): Promise<Extract<ShotEvent, { type: "escalated" }>> {
  const history = input.stage === "scene" || !input.state ? [] : input.state.stages[input.stage].history;
  const best = bestAttempt(history, input.thresholds);
  const attemptId = best?.attemptId ?? input.attemptId;
  const attempt = attemptId === undefined ? undefined : await findAttempt(deps.db, attemptId);
  const source = input.stage === "video" && input.state ? acceptedRecord(input.state, "panel") : undefined;
  const blame = input.blame ?? blameFor(input.stage, history, source);
  const message = `${input.reason}. ${describeBlame(blame, best?.failures ?? [], {
    stage: input.stage,
    ...(source ? { sourcePassed: source.passed } : {}),
  })}`;
  const id = newEscalationId();
  await insertEscalation(deps.db, {
    id,
    runId: input.runId,
    shotId: input.shotId,
    stage: input.stage,
    attemptId: attempt?.id ?? null,
    artifactHash: attempt?.artifactHash ?? null,
    reason: message,
    blame,
    scores: best ? { score: best.score, failures: best.failures } : null,
    status: "pending",
    requestedBy: input.requestedBy,
  });
  return { type: "escalated", escalationId: id, blame, message };
}
