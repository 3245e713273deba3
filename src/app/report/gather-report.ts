import type { Db } from "../../../db/create-db.ts";
import { type AttemptRow, listAttempts, listValidations } from "../../../db/queries/attempts.ts";
import { type EscalationRow, listEscalations } from "../../../db/queries/escalations.ts";
import { listRunShots } from "../../../db/queries/run-shots.ts";
import { findRun } from "../../../db/queries/runs.ts";
import { findSceneGate } from "../../../db/queries/scene-gates.ts";
import { ledgerRows, runSpend } from "../../../db/queries/spend.ts";
import { AppError } from "../../core/app-error.ts";
import type { ShotState } from "../../core/shot-machine.ts";
import {
  attemptOutcome,
  decisionsOf,
  runStatusLine,
  sceneOutcome,
  shotVerdictLine,
} from "../runs/gate-outcome.ts";
import { cutFrames, imagesOf, sheetRow } from "./attempt-images.ts";
import type {
  ReportAttempt,
  ReportData,
  ReportFailure,
  ReportShot,
  ReportValidation,
} from "./report-data.ts";
import { type ScoreContext, scoreRows, type Thresholds } from "./score-rows.ts";

type ValidationRow = Awaited<ReturnType<typeof listValidations>>[number];
type LedgerRow = Awaited<ReturnType<typeof ledgerRows>>[number];

const STAGE_ORDER = ["panel", "end-panel", "video"];
const stageRank = (stage: string) => {
  const rank = STAGE_ORDER.indexOf(stage);
  return rank === -1 ? STAGE_ORDER.length : rank;
};

/** Reads everything the report shows about one run; an AppError UNKNOWN_RUN when there is no such run. */
export async function gatherReport(db: Db, runId: string, now: Date = new Date()): Promise<ReportData> {
  const run = await findRun(db, runId);
  if (!run) throw new AppError("UNKNOWN_RUN", `no run ${runId}`, { runId });
  const [shotRows, attempts, spend, ledger, escalations, gate] = await Promise.all([
    listRunShots(db, run.id),
    listAttempts(db, run.id),
    runSpend(db, run.id),
    ledgerRows(db, run.id),
    listEscalations(db, { runId: run.id }),
    findSceneGate(db, run.id),
  ]);
  const validations = await listValidations(
    db,
    attempts.map((attempt) => attempt.id),
  );
  const thresholds = ((run.settings as { thresholds?: Thresholds }).thresholds ?? {}) as Thresholds;
  const byId = new Map(attempts.map((attempt) => [attempt.id, attempt]));

  const taken = new Set<number>();
  for (const row of shotRows) {
    const stages = row.state.stages ?? {};
    for (const record of Object.values(stages))
      if (record?.accepted !== undefined) taken.add(record.accepted);
  }
  const scene = sceneOutcome(attempts, escalations, gate?.state?.attemptId);
  if (scene.attempt && (scene.outcome.kind === "passed" || scene.outcome.kind === "accepted-over-failure"))
    taken.add(scene.attempt.id);

  const toReport = (attempt: AttemptRow, images = imagesOf(attempt)): ReportAttempt => ({
    taken: taken.has(attempt.id),
    outcome: attemptOutcome(attempt, escalations),
    offeredBy: offeredBy(attempt, attempts, escalations),
    id: attempt.id,
    shotId: attempt.shotId,
    stage: attempt.stage,
    number: attempt.number,
    source: attempt.source,
    verdict: attempt.verdict,
    score: attempt.score,
    blame: attempt.blame,
    failures: attempt.failures.map((failure) => toFailure(failure, thresholds)),
    artifactKey: attempt.artifactKey,
    cost: costOf(ledger.filter((row) => row.attemptId === attempt.id)),
    images,
    validations: validations
      .filter((validation) => validation.attemptId === attempt.id)
      .map((validation) =>
        toValidation(validation, {
          thresholds,
          // The scene gate decides on continuity across each cut alone (see scene-stage.ts).
          ...(attempt.stage === "scene" ? { gatedCriteria: ["continuity"] as const } : {}),
        }),
      ),
    createdAt: attempt.createdAt,
  });

  const clipOf = (state: ShotState) => byId.get(state.stages?.video?.accepted ?? -1);
  const latestOf = (shotId: string, stage: string) =>
    attempts
      .filter((attempt) => attempt.shotId === shotId && attempt.stage === stage)
      .sort((a, b) => a.number - b.number)
      .at(-1);
  const inOrder = (a: AttemptRow, b: AttemptRow) =>
    stageRank(a.stage) - stageRank(b.stage) || a.number - b.number;
  const shots: ReportShot[] = shotRows.map((row) => {
    const state = row.state;
    return {
      id: row.shotId,
      order: row.order,
      status: row.status,
      stage: state.stage,
      blame: state.blame ?? null,
      message: state.message ?? null,
      escalationId: state.escalationId ?? null,
      verdictLine: shotVerdictLine(state.status, decisionsOf(row.shotId, escalations)),
      decisions: decisionsOf(row.shotId, escalations),
      clipKey: clipOf(state)?.artifactKey ?? null,
      sheet: sheetRow(
        byId.get(state.stages?.panel?.accepted ?? -1) ?? latestOf(row.shotId, "panel"),
        clipOf(state) ?? latestOf(row.shotId, "video"),
      ),
      attempts: attempts
        .filter((attempt) => attempt.shotId === row.shotId)
        .sort(inOrder)
        .map((attempt) => toReport(attempt)),
    };
  });

  const acceptedClips = shotRows
    .map((row) => row.state.stages?.video?.accepted)
    .map((id) => (id === undefined ? undefined : byId.get(id)))
    .filter((attempt): attempt is AttemptRow => attempt !== undefined);
  const sceneAttempt = scene.attempt;

  const shown = new Set(attempts.map((attempt) => attempt.id));
  const unattributed = ledger.filter((row) => row.attemptId === null || !shown.has(row.attemptId));
  const simulatedRows = ledger.filter((row) => row.simulated).length;

  return {
    generatedAt: now,
    run: {
      id: run.id,
      scope: run.scope,
      sceneId: run.sceneId,
      status: run.status,
      haltReason: run.haltReason,
      bibleVersion: run.bibleVersion,
      bibleUri: run.bibleUri,
      frames: run.frames,
      requestedBy: run.requestedBy,
      createdAt: run.createdAt,
      statusLine: runStatusLine(run.status, scene.outcome),
    },
    totals: {
      capMicros: run.capMicros,
      spentMicros: spend.spent,
      openMicros: spend.open,
      estimateExpectedMicros: run.estimateExpectedMicros,
      estimateWorstMicros: run.estimateWorstMicros,
      ledgerRows: ledger.length,
      simulated: simulatedRows === 0 ? "none" : simulatedRows === ledger.length ? "all" : "some",
      unattributedMicros: costOf(unattributed).micros,
    },
    shots,
    scene: sceneAttempt ? toReport(sceneAttempt, cutFrames(acceptedClips)) : null,
    sceneOutcome: scene.outcome,
    escalations: escalations.map((escalation) => ({
      id: escalation.id,
      shotId: escalation.shotId,
      stage: escalation.stage,
      status: escalation.status,
      blame: escalation.blame,
      reason: escalation.reason,
      attemptId: escalation.attemptId,
      requestedBy: escalation.requestedBy,
      decidedBy: escalation.decidedBy,
      decidedAt: escalation.decidedAt,
      createdAt: escalation.createdAt,
    })),
  };
}

/**
 * The escalation that offered this attempt, and why this one: an escalation offers the stage's
 * best attempt, the one with the highest lowest score.
 */
function offeredBy(
  attempt: AttemptRow,
  attempts: readonly AttemptRow[],
  escalations: readonly EscalationRow[],
): ReportAttempt["offeredBy"] {
  const escalation = escalations.filter((row) => row.attemptId === attempt.id).at(-1);
  if (!escalation) return null;
  if (attempt.stage === "scene")
    return {
      escalationId: escalation.id,
      why: `the stitched scene, offered as a whole: ${escalation.reason}`,
    };
  const tried = attempts.filter(
    (item) => item.shotId === attempt.shotId && item.stage === attempt.stage && item.verdict !== "pending",
  );
  const firstSentence = escalation.reason.split(". ")[0] ?? escalation.reason;
  return {
    escalationId: escalation.id,
    why: `the best of ${tried.length} ${attempt.stage} attempt${tried.length === 1 ? "" : "s"} by lowest score (${attempt.score === null ? "—" : attempt.score.toFixed(2)}); escalated because ${firstSentence}`,
  };
}

/** What the rows cost as far as anyone can know: the actual once closed, the reservation while open. */
function costOf(rows: readonly LedgerRow[]): ReportAttempt["cost"] {
  let micros = 0;
  let open = false;
  for (const row of rows) {
    if (row.status === "reserved") {
      open = true;
      micros += row.reservedMicros;
    } else {
      micros += row.actualMicros ?? row.reservedMicros;
    }
  }
  return { micros, calls: rows.length, open };
}

function toValidation(validation: ValidationRow, context: ScoreContext): ReportValidation {
  const rows = scoreRows(validation.tier, validation.scores, context);
  return {
    id: validation.id,
    tier: validation.tier,
    subject: validation.subject,
    passed: validation.passed,
    rows: rows ?? [],
    unreadable: rows ? null : JSON.stringify(validation.scores, null, 2),
  };
}

/** Failures are stored as JSON without their threshold; read them defensively so an older row still shows. */
function toFailure(raw: unknown, thresholds: Thresholds): ReportFailure {
  const item = (raw ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const number = (value: unknown) => (typeof value === "number" ? value : null);
  const criterion = text(item.criterion) ?? "unknown";
  return {
    criterion,
    subject: text(item.subject),
    score: number(item.score),
    threshold: number(item.threshold) ?? thresholds[criterion] ?? null,
    reason: text(item.reason) ?? JSON.stringify(raw),
  };
}
