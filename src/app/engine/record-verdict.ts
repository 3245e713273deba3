import { setAttemptVerdict } from "../../../db/queries/attempts.ts";
import { blameFor } from "../../core/blame.ts";
import {
  type ArtifactStage,
  type AttemptRecord,
  acceptedRecord,
  type ShotState,
} from "../../core/shot-machine.ts";
import type { Verdict } from "../../core/verdict.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { summarise } from "./judge-image.ts";
import type { ShotContext } from "./shot-context.ts";

/**
 * Stores an attempt's verdict with its blame, tells the front ends, and returns the record the
 * state machine keeps. A clip's blame also looks at the panel it was made from.
 */
export async function recordVerdict(
  deps: EngineDeps,
  ctx: ShotContext,
  attempt: { id: number; number: number; stage: ArtifactStage; state: ShotState },
  verdict: Verdict & { tier: "local" | "judge" },
): Promise<AttemptRecord> {
  const record: AttemptRecord = {
    attemptId: attempt.id,
    number: attempt.number,
    score: verdict.score,
    passed: verdict.passed,
    // Only decisive findings ever fail an attempt, so every recorded failure says so.
    failures: verdict.failures.map(({ criterion, subject, score, reason }) => ({
      criterion,
      subject,
      score,
      reason,
      decisive: true,
    })),
  };
  const history = [...attempt.state.stages[attempt.stage].history, record];
  const source = attempt.stage === "video" ? acceptedRecord(attempt.state, "panel") : undefined;
  await setAttemptVerdict(
    deps.db,
    attempt.id,
    {
      verdict: verdict.passed ? "passed" : "failed",
      score: verdict.score,
      blame: verdict.passed ? null : blameFor(attempt.stage, history, source),
      failures: record.failures,
    },
    ctx.lease,
  );
  deps.onEvent({
    type: "verdict",
    runId: ctx.runId,
    shotId: ctx.shot.id,
    stage: attempt.stage,
    attempt: attempt.number,
    passed: verdict.passed,
    score: verdict.score,
    summary: summarise(verdict),
    tier: verdict.tier,
  });
  return record;
}
