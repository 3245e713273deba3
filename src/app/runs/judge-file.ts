import {
  listValidations,
  setAttemptArtifact,
  setAttemptVerdict,
  upsertAttempt,
} from "../../../db/queries/attempts.ts";
import { saveShotState } from "../../../db/queries/run-shots.ts";
import { setRunStatus } from "../../../db/queries/runs.ts";
import { sha256 } from "../../core/bible-lock.ts";
import { initialShotState } from "../../core/shot-machine.ts";
import { type ListedFinding, storedFindings, type Verdict } from "../../core/verdict.ts";
import type { LocalChecks } from "../../ports/local-checks.ts";
import { artifactKeys } from "../engine/artifact-keys.ts";
import { judgeImage } from "../engine/judge-image.ts";
import { loadShotReferences } from "../engine/shot-context.ts";
import type { Runtime } from "../runtime.ts";
import { planScope, runSettingsFrom } from "./render-scope.ts";
import { startRun } from "./start-run.ts";

/**
 * `validate` with a paid judge: one image file judged as the panel stage judges a panel (free
 * tier, then the judge), under a run of its own so the judge call is reserved and settled by the
 * governor under the run's and the day's caps and shows in `spend`, as `audit` does.
 */
export async function judgeFile(
  runtime: Runtime,
  input: {
    shot: string;
    bytes: Buffer;
    requestedBy: string;
    /** The free tier for a file from anywhere: nothing says the offline studio drew it. */
    localChecks: LocalChecks;
  },
): Promise<{ runId: string; verdict: Verdict & { tier: "local" | "judge" }; findings: ListedFinding[] }> {
  const { defaults } = runtime;
  const deps = { ...runtime.deps, localChecks: input.localChecks };
  const plan = await planScope(runtime, { scope: input.shot, frames: false });
  const run = await startRun(deps.db, plan, {
    requestedBy: input.requestedBy,
    settings: runSettingsFrom(defaults, { frames: false, maxAttempts: 1 }),
  });
  const settings = run.settings;
  const shot = plan.scope.shots[0];
  if (!shot) throw new Error("planScope returned no shot for a resolved shot id");
  try {
    const refs = await loadShotReferences(deps, settings, shot);
    const attempt = await upsertAttempt(deps.db, {
      runId: run.id,
      shotId: shot.id,
      stage: "panel",
      number: 1,
      source: "existing",
    });
    const key = artifactKeys.attempt(run.id, shot.id, "panel", 1, "png");
    await deps.artifacts.write(key, input.bytes, "image/png");
    await setAttemptArtifact(deps.db, attempt.id, { key, hash: sha256(input.bytes) });
    const ctx = { runId: run.id, sceneId: plan.scope.sceneId, shot, settings, refs };
    const verdict = await judgeImage(deps, ctx, {
      attemptId: attempt.id,
      bytes: input.bytes,
      kind: "panel",
      subject: "panel",
    });
    await setAttemptVerdict(deps.db, attempt.id, {
      verdict: verdict.passed ? "passed" : "failed",
      score: verdict.score,
      blame: verdict.passed ? null : "panel",
      failures: verdict.failures.map((failure) => ({ ...failure, decisive: true })),
    });
    await saveShotState(deps.db, run.id, shot.id, null, {
      ...initialShotState(),
      status: verdict.passed ? "accepted" : "failed",
    });
    await setRunStatus(deps.db, run.id, verdict.passed ? "done" : "failed", null);
    const findings = (await listValidations(deps.db, [attempt.id])).flatMap((validation) =>
      storedFindings(validation.tier, validation.scores),
    );
    return { runId: run.id, verdict, findings };
  } catch (error) {
    await setRunStatus(deps.db, run.id, "failed", (error as Error).message);
    throw error;
  }
}
