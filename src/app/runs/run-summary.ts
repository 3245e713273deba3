import type { Db } from "../../../db/create-db.ts";
import { listAttempts, listValidations } from "../../../db/queries/attempts.ts";
import { listEscalations } from "../../../db/queries/escalations.ts";
import { listRunShots } from "../../../db/queries/run-shots.ts";
import type { RunRow } from "../../../db/queries/runs.ts";
import { findSceneGate } from "../../../db/queries/scene-gates.ts";
import { runSpend } from "../../../db/queries/spend.ts";
import { formatCents, formatUsd } from "../../core/money.ts";
import type { DurationChange } from "../../core/plan-checks.ts";
import type { RunStatus } from "../../core/record-statuses.ts";
import { type ListedFinding, storedFindings } from "../../core/verdict.ts";
import {
  type Decision,
  decisionsOf,
  describeOutcome,
  type GateOutcome,
  runStatusLine,
  sceneOutcome,
  shotVerdictLine,
} from "./gate-outcome.ts";

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
    /** Every finding of its validations, free tier and judge, each marked decisive or advisory. */
    findings: ListedFinding[];
  } | null;
  blame: string | null;
  message: string | null;
  escalation: string | null;
  /** Set when plan time rendered another duration than the manifest's (CONTINUITY_DURATION_POLICY=nearest). */
  durationChange: { askedSeconds: number; plannedSeconds: number; because: string } | null;
  /** Who took this shot over a failed gate, or rejected it, and when; null when no one had to. */
  verdictLine: string | null;
  /** Every escalation of the shot and what was decided on it. */
  decisions: Decision[];
}

export interface RunSummary {
  runId: string;
  status: RunStatus;
  /** The status with what it rests on: "done: scene accepted by … at … over a failed gate". */
  statusLine: string;
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
  /**
   * The scene gate of a whole-scene run (null until every shot is accepted, or for a partial scope).
   * `status` is the gate machine's state; `outcome` and `line` are what a reader is told (a gate a
   * person approved over a failure is `passed` to the machine and "accepted … over a failed gate" here).
   */
  sceneGate: {
    status: string;
    outcome: GateOutcome;
    line: string;
    score: number | null;
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
  const gateState = gate?.state;
  const spent = spend.spent + spend.open;
  const changes = run.settings.durationChanges ?? [];
  const latestOf = (shotId: string) =>
    attempts
      .filter((attempt) => attempt.shotId === shotId && attempt.verdict !== "pending")
      .sort((a, b) => a.id - b.id)
      .at(-1);
  const latestIds = rows.flatMap((row) => latestOf(row.shotId)?.id ?? []);
  const validations = await listValidations(db, latestIds);
  const scene = sceneOutcome(attempts, escalations, gateState?.attemptId);
  return {
    runId: run.id,
    status: run.status,
    statusLine: runStatusLine(run.status, scene.outcome),
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
      const state = row.state;
      const latest = latestOf(row.shotId);
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
              findings: validations
                .filter((validation) => validation.attemptId === latest.id)
                .flatMap((validation) => storedFindings(validation.tier, validation.scores)),
            }
          : null,
        blame: state.blame ?? latest?.blame ?? null,
        message: state.message ?? null,
        escalation: state.escalationId ?? null,
        durationChange: changeOf(changes, row.shotId),
        verdictLine: shotVerdictLine(state.status, decisionsOf(row.shotId, escalations)),
        decisions: decisionsOf(row.shotId, escalations),
      };
    }),
    sceneGate:
      gateState || scene.attempt
        ? {
            status: gateState?.status ?? "pending",
            outcome: scene.outcome,
            line: describeOutcome(scene.outcome),
            score: scene.attempt?.score ?? null,
            attemptId: gateState?.attemptId ?? scene.attempt?.id ?? null,
            blame: gateState?.blame ?? null,
            message: gateState?.message ?? null,
            escalation: gateState?.escalationId ?? null,
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

function changeOf(changes: readonly DurationChange[], shotId: string): ShotSummary["durationChange"] {
  const change = changes.find((candidate) => candidate.shotId === shotId);
  return change
    ? { askedSeconds: change.askedSeconds, plannedSeconds: change.plannedSeconds, because: change.because }
    : null;
}

/**
 * The terminal's rendering. `options` are the options the user typed that a suggested next
 * command needs too (e.g. `--bible X`), so a suggestion works when pasted as is.
 */
export function renderRunSummary(summary: RunSummary, options = ""): string {
  const typed = options ? ` ${options}` : "";
  const lines = [
    `run ${summary.runId} (${summary.scope}, bible ${summary.bibleVersion}): ${summary.statusLine}${summary.haltReason ? ` — ${summary.haltReason}` : ""}`,
    // To the cent for a person reading it; the JSON keeps the exact amounts.
    `spent ${formatCents(summary.spentMicros)} of cap ${formatCents(summary.capMicros)}; estimate ${formatCents(summary.estimate.expectedMicros)} expected, ${formatCents(summary.estimate.worstMicros)} worst case`,
  ];
  for (const shot of summary.shots) {
    const tries = `panel×${shot.attempts.panel}${shot.attempts.endPanel ? ` end×${shot.attempts.endPanel}` : ""} video×${shot.attempts.video}`;
    const score = shot.latest?.score != null ? ` score ${shot.latest.score.toFixed(2)}` : "";
    const change = shot.durationChange;
    const extra = `${change ? ` rendered ${change.askedSeconds} s -> ${change.plannedSeconds} s` : ""}${shot.escalation && shot.status === "escalated" ? ` escalation ${shot.escalation}` : ""}`;
    const note = shot.verdictLine ?? shot.message;
    lines.push(
      `  ${shot.id.padEnd(4)} ${shot.status.padEnd(9)} ${tries}${score}${shot.blame && !shot.verdictLine ? ` blame ${shot.blame}` : ""}${extra}${note ? ` — ${note}` : ""}`,
    );
  }
  if (summary.sceneGate) {
    const gate = summary.sceneGate;
    const settled = gate.outcome.kind === "passed" || gate.outcome.kind === "accepted-over-failure";
    // The machine's state is said only where the outcome's words do not already say it.
    const said = settled || gate.outcome.kind === "rejected";
    const head = said
      ? gate.line
      : `${gate.status}${gate.outcome.kind === "not-run" ? "" : ` (${gate.line})`}`;
    lines.push(
      `  scene ${head}${gate.score != null ? ` (continuity ${gate.score.toFixed(2)})` : ""}${gate.blame && !settled ? ` blame ${gate.blame}` : ""}${gate.message && !settled ? ` — ${gate.message}` : ""}`,
    );
  }
  for (const escalation of summary.escalations.filter((item) => item.status === "pending")) {
    lines.push(
      `  escalation ${escalation.id} (${escalation.shot}, ${escalation.stage}): ${escalation.reason}`,
    );
    lines.push(
      `    decide with: continuity approve ${escalation.id}${typed}  |  continuity reject ${escalation.id}${typed}`,
    );
  }
  if (summary.status === "stopped")
    lines.push(`  stopped by the kill switch: carry it on with continuity resume ${summary.runId}${typed}`);
  return lines.join("\n");
}
