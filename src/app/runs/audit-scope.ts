import { setAttemptArtifact, setAttemptVerdict, upsertAttempt } from "../../../db/queries/attempts.ts";
import { saveShotState } from "../../../db/queries/run-shots.ts";
import { setRunStatus } from "../../../db/queries/runs.ts";
import { errorBlame, isAppError } from "../../core/app-error.ts";
import { sha256 } from "../../core/bible-lock.ts";
import type { Micros } from "../../core/money.ts";
import type { RunStatus } from "../../core/record-statuses.ts";
import { initialShotState, type ShotState } from "../../core/shot-machine.ts";
import { artifactKeys } from "../engine/artifact-keys.ts";
import { judgeImage, summarise } from "../engine/judge-image.ts";
import { checkShotReferences } from "../engine/shot-context.ts";
import type { Runtime } from "../runtime.ts";
import { planScope, runSettingsFrom } from "./render-scope.ts";
import { startRun } from "./start-run.ts";

export interface AuditedShot {
  id: string;
  /** passed | failed | no-panel | reference-error | not-audited */
  result: string;
  score: number | null;
  summary: string;
}

/**
 * `audit`: validates the panels the manifest already names against the locked bible and
 * generates nothing. The judge calls are paid, so they run under a run of their own, with a cap.
 */
export async function auditScope(
  runtime: Runtime,
  input: { scope: string; requestedBy: string; budget?: Micros },
): Promise<{ runId: string; status: string; shots: AuditedShot[] }> {
  const { deps, defaults } = runtime;
  const plan = await planScope(runtime, {
    scope: input.scope,
    frames: false,
    budget: input.budget,
    work: "audit",
  });
  const run = await startRun(deps.db, plan, {
    requestedBy: input.requestedBy,
    settings: runSettingsFrom(defaults, { frames: false, maxAttempts: 1 }),
  });
  const settings = run.settings;
  const results: AuditedShot[] = [];
  let interrupted: { status: "stopped" | "halted"; reason: string } | undefined;
  for (const shot of plan.scope.shots) {
    const state: ShotState = initialShotState();
    const record = (result: AuditedShot, status: ShotState["status"]) => {
      results.push(result);
      return saveShotState(deps.db, run.id, shot.id, null, { ...state, status, message: result.summary });
    };
    if (interrupted || !shot.panel) {
      await record(
        {
          id: shot.id,
          result: interrupted ? "not-audited" : "no-panel",
          score: null,
          summary: interrupted?.reason ?? "the manifest names no panel for this shot",
        },
        interrupted ? "halted" : "failed",
      );
      continue;
    }
    try {
      const refs = await checkShotReferences(deps, settings, shot);
      if (!refs.ok) {
        await record({ id: shot.id, result: "reference-error", score: null, summary: refs.reason }, "failed");
        continue;
      }
      const bytes = await deps.bible.read(shot.panel);
      const attempt = await upsertAttempt(deps.db, {
        runId: run.id,
        shotId: shot.id,
        stage: "panel",
        number: 1,
        source: "existing",
      });
      const key = artifactKeys.attempt(run.id, shot.id, "panel", 1, "png");
      await deps.artifacts.write(key, bytes, "image/png");
      await setAttemptArtifact(deps.db, attempt.id, { key, hash: sha256(bytes) });
      const ctx = { runId: run.id, sceneId: plan.scope.sceneId, shot, settings, refs: refs.value };
      const verdict = await judgeImage(deps, ctx, {
        attemptId: attempt.id,
        bytes,
        kind: "panel",
        subject: "panel",
      });
      await setAttemptVerdict(deps.db, attempt.id, {
        verdict: verdict.passed ? "passed" : "failed",
        score: verdict.score,
        blame: verdict.passed ? null : "panel",
        failures: verdict.failures,
      });
      await record(
        {
          id: shot.id,
          result: verdict.passed ? "passed" : "failed",
          score: verdict.score,
          summary: summarise(verdict),
        },
        verdict.passed ? "accepted" : "failed",
      );
    } catch (error) {
      if (isAppError(error, "BUDGET_EXCEEDED") || isAppError(error, "STOPPED")) {
        interrupted = { status: isAppError(error, "STOPPED") ? "stopped" : "halted", reason: error.message };
        await record({ id: shot.id, result: "not-audited", score: null, summary: error.message }, "halted");
        continue;
      }
      // A reference that cannot be read is found by the judge, not by the references gate.
      if (!isAppError(error) || errorBlame(error) !== "reference") throw error;
      await record({ id: shot.id, result: "reference-error", score: null, summary: error.message }, "failed");
    }
  }
  const status: RunStatus =
    interrupted?.status ?? (results.every((result) => result.result === "passed") ? "done" : "failed");
  await setRunStatus(deps.db, run.id, status, interrupted?.reason ?? null);
  return { runId: run.id, status, shots: results };
}
