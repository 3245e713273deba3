import type { Db } from "../../../db/create-db.ts";
import { listAttempts } from "../../../db/queries/attempts.ts";
import { listEscalations } from "../../../db/queries/escalations.ts";
import { listRunShots } from "../../../db/queries/run-shots.ts";
import type { RunRow } from "../../../db/queries/runs.ts";
import { findSceneGate } from "../../../db/queries/scene-gates.ts";
import { runSpend } from "../../../db/queries/spend.ts";
import { formatUsd } from "../../core/money.ts";
import type { SceneState } from "../../core/scene-machine.ts";
import type { ShotState } from "../../core/shot-machine.ts";

export interface ShotSummary {
  id: string;
  status: string;
  stage: string;
  attempts: { panel: number; endPanel: number; video: number };
  /** The latest judged attempt's lowest score and failures. */
  latest: {
    stage: string;
    number: number;
    verdict: string;
    score: number | null;
    failures: unknown[];
  } | null;
  blame: string | null;
  message: string | null;
  escalation: string | null;
}

export interface RunSummary {
  runId: string;
  status: string;
  scope: string;
  scene: string;
  bibleVersion: string;
  haltReason: string | null;
  capUsd: string;
  capMicros: number;
  estimate: { expectedUsd: string; worstUsd: string; expectedMicros: number; worstMicros: number };
  spentUsd: string;
  spentMicros: number;
  shots: ShotSummary[];
  /** The scene gate of a whole-scene run (null until every shot is accepted, or for a partial scope). */
  sceneGate: {
    status: string;
    attemptId: number | null;
    blame: string | null;
    message: string | null;
    escalation: string | null;
  } | null;
  escalations: {
    id: string;
    shot: string;
    stage: string;
    status: string;
    blame: string | null;
    reason: string;
  }[];
}

export async function summariseRun(db: Db, run: RunRow): Promise<RunSummary> {
  const [rows, attempts, spend, escalations, gate] = await Promise.all([
    listRunShots(db, run.id),
    listAttempts(db, run.id),
    runSpend(db, run.id),
    listEscalations(db, { runId: run.id }),
    findSceneGate(db, run.id),
  ]);
  const scene = gate?.state as unknown as SceneState | undefined;
  const spent = spend.spent + spend.open;
  return {
    runId: run.id,
    status: run.status,
    scope: run.scope,
    scene: run.sceneId,
    bibleVersion: run.bibleVersion,
    haltReason: run.haltReason,
    capUsd: formatUsd(run.capMicros),
    capMicros: run.capMicros,
    estimate: {
      expectedUsd: formatUsd(run.estimateExpectedMicros),
      worstUsd: formatUsd(run.estimateWorstMicros),
      expectedMicros: run.estimateExpectedMicros,
      worstMicros: run.estimateWorstMicros,
    },
    spentUsd: formatUsd(spent),
    spentMicros: spent,
    shots: rows.map((row) => {
      const state = row.state as unknown as ShotState;
      const judged = attempts.filter(
        (attempt) => attempt.shotId === row.shotId && attempt.verdict !== "pending",
      );
      const latest = judged.sort((a, b) => a.id - b.id).at(-1);
      return {
        id: row.shotId,
        status: state.status,
        stage: state.stage,
        attempts: {
          panel: state.stages.panel.started,
          endPanel: state.stages["end-panel"].started,
          video: state.stages.video.started,
        },
        latest: latest
          ? {
              stage: latest.stage,
              number: latest.number,
              verdict: latest.verdict,
              score: latest.score,
              failures: latest.failures,
            }
          : null,
        blame: state.blame ?? latest?.blame ?? null,
        message: state.message ?? null,
        escalation: state.escalationId ?? null,
      };
    }),
    sceneGate: scene
      ? {
          status: scene.status,
          attemptId: scene.attemptId ?? null,
          blame: scene.blame ?? null,
          message: scene.message ?? null,
          escalation: scene.escalationId ?? null,
        }
      : null,
    escalations: escalations.map((escalation) => ({
      id: escalation.id,
      shot: escalation.shotId,
      stage: escalation.stage,
      status: escalation.status,
      blame: escalation.blame,
      reason: escalation.reason,
    })),
  };
}

export function renderRunSummary(summary: RunSummary): string {
  const lines = [
    `run ${summary.runId} (${summary.scope}, bible ${summary.bibleVersion}): ${summary.status}${summary.haltReason ? ` — ${summary.haltReason}` : ""}`,
    `spent ${summary.spentUsd} of cap ${summary.capUsd}; estimate ${summary.estimate.expectedUsd} expected, ${summary.estimate.worstUsd} worst case`,
  ];
  for (const shot of summary.shots) {
    const tries = `panel×${shot.attempts.panel}${shot.attempts.endPanel ? ` end×${shot.attempts.endPanel}` : ""} video×${shot.attempts.video}`;
    const score = shot.latest?.score != null ? ` score ${shot.latest.score.toFixed(2)}` : "";
    const extra = shot.escalation ? ` escalation ${shot.escalation}` : "";
    lines.push(
      `  ${shot.id.padEnd(4)} ${shot.status.padEnd(9)} ${tries}${score}${shot.blame ? ` blame ${shot.blame}` : ""}${extra}${shot.message ? ` — ${shot.message}` : ""}`,
    );
  }
  if (summary.sceneGate) {
    const scene = summary.sceneGate;
    lines.push(
      `  scene ${scene.status.padEnd(9)}${scene.blame ? ` blame ${scene.blame}` : ""}${scene.escalation ? ` escalation ${scene.escalation}` : ""}${scene.message ? ` — ${scene.message}` : ""}`,
    );
  }
  for (const escalation of summary.escalations.filter((item) => item.status === "pending")) {
    lines.push(
      `  escalation ${escalation.id} (${escalation.shot}, ${escalation.stage}): ${escalation.reason}`,
    );
    lines.push(`    decide with: continuity approve ${escalation.id}  |  continuity reject ${escalation.id}`);
  }
  return lines.join("\n");
}
