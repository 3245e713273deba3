import type { Decision, GateOutcome } from "../runs/gate-outcome.ts";

/**
 * Everything a run report shows, gathered from the database before any HTML is written, so the
 * renderer is a pure function a unit test can feed by hand.
 */

/** One measured criterion of one validation, as a table row. */
export interface ScoreRow {
  criterion: string;
  /** The character, or nothing for scene-wide criteria. */
  subject: string | null;
  /** Null when the criterion was not measured (no adjacent shot to compare continuity with). */
  score: number | null;
  threshold: number | null;
  reason: string;
  /** False for criteria that do not decide this gate (the scene gate judges continuity only). */
  gated: boolean;
  /** False for a free-tier finding that is evidence only: shown, never a failure. */
  decisive: boolean;
  failed: boolean;
}

export interface ReportValidation {
  id: number;
  tier: string;
  subject: string;
  passed: boolean;
  rows: ScoreRow[];
  /** The stored JSON when its shape is not one the report knows, shown as is rather than dropped. */
  unreadable: string | null;
}

export interface ReportFailure {
  criterion: string;
  subject: string | null;
  score: number | null;
  threshold: number | null;
  reason: string;
}

/** An image shown for an attempt: its panel thumbnail, a keyframe, or a frame either side of a cut. */
export interface ReportImage {
  label: string;
  key: string;
  /** Keyframes are shown smaller than panels, many to a row. */
  size: "panel" | "frame";
}

export interface ReportAttempt {
  id: number;
  shotId: string;
  stage: string;
  number: number;
  source: string;
  verdict: string;
  score: number | null;
  blame: string | null;
  failures: ReportFailure[];
  artifactKey: string | null;
  /** Ledger rows of this attempt: the actual cost when closed, the reservation while open. */
  cost: { micros: number; calls: number; open: boolean };
  images: ReportImage[];
  validations: ReportValidation[];
  createdAt: Date;
  /** True for the attempt the shot went on with at its stage (passed, or accepted by a person). */
  taken: boolean;
  /** The verdict with any decision on it: an approved failure is its own outcome. */
  outcome: GateOutcome;
  /** The escalation that offered this attempt for a decision, and why this one. */
  offeredBy: { escalationId: string; why: string } | null;
}

export interface ReportShot {
  id: string;
  order: number;
  status: string;
  stage: string;
  blame: string | null;
  message: string | null;
  escalationId: string | null;
  attempts: ReportAttempt[];
  /** Who took the shot over a failed gate (or rejected it), and when. */
  verdictLine: string | null;
  decisions: Decision[];
  /** The accepted clip, to play on the page. */
  clipKey: string | null;
  /** One row of the contact sheet: the accepted panel and the first, middle and last keyframe. */
  sheet: ReportImage[];
}

export interface ReportEscalation {
  id: string;
  shotId: string;
  stage: string;
  status: string;
  blame: string | null;
  reason: string;
  attemptId: number | null;
  requestedBy: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface ReportData {
  generatedAt: Date;
  run: {
    id: string;
    scope: string;
    sceneId: string;
    status: string;
    haltReason: string | null;
    bibleVersion: string;
    bibleUri: string;
    frames: boolean;
    requestedBy: string;
    createdAt: Date;
    /** The status with what it rests on, the same line `status` and the thread show. */
    statusLine: string;
  };
  totals: {
    capMicros: number;
    /** Settled and uncertain rows: money that is gone. */
    spentMicros: number;
    /** Reservations still open. */
    openMicros: number;
    estimateExpectedMicros: number;
    estimateWorstMicros: number;
    ledgerRows: number;
    simulated: "all" | "some" | "none";
    /** Ledger rows tied to no attempt shown here (a call before its attempt row existed). */
    unattributedMicros: number;
  };
  shots: ReportShot[];
  /** The stitched scene and its cut-to-cut continuity judgements, once the scene gate ran. */
  scene: ReportAttempt | null;
  sceneOutcome: GateOutcome;
  escalations: ReportEscalation[];
}
