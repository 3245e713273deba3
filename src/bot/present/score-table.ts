import type { CriterionName, Scores } from "../../core/scores.ts";
import { measurements, type Thresholds } from "../../core/verdict.ts";
import type { OutField } from "../chat-port.ts";

/** One stored judgement of an attempt (a row of `validations`). */
export interface JudgementRow {
  tier: string;
  subject: string;
  scores: unknown;
}

export interface ScoreRow {
  criterion: CriterionName;
  /** The character the score is about, when it is about one. */
  about?: string;
  score: number;
  threshold: number;
  passed: boolean;
  reason: string;
  /** Which judgement gave this (lowest) score: "panel", "keyframe last", … */
  from: string;
  /** False for a free-tier finding that is evidence only: shown, never a failure. */
  decisive: boolean;
}

type Measured = {
  criterion: CriterionName;
  subject?: string;
  score: number;
  reason: string;
  decisive?: boolean;
};

function measuredOf(row: JudgementRow): Measured[] {
  // The local tier stores its measurements as they are; the judge stores a full score sheet.
  if (Array.isArray(row.scores)) return row.scores as Measured[];
  if (row.scores && typeof row.scores === "object" && "characters" in row.scores)
    return measurements(row.scores as Scores);
  return [];
}

/**
 * An attempt's score table: one row per criterion (and character), with the lowest score any of
 * its judgements gave, against the run's threshold. A clip is judged on several keyframes; the
 * table shows the worst, and which keyframe it came from.
 */
export function scoreTable(rows: readonly JudgementRow[], thresholds: Thresholds): ScoreRow[] {
  const table = new Map<string, ScoreRow>();
  for (const row of rows) {
    for (const item of measuredOf(row)) {
      const key = `${item.criterion}:${item.subject ?? ""}:${item.decisive === false ? "advisory" : ""}`;
      const known = table.get(key);
      if (known && known.score <= item.score) continue;
      const threshold = thresholds[item.criterion] ?? 0;
      table.set(key, {
        criterion: item.criterion,
        ...(item.subject ? { about: item.subject } : {}),
        score: item.score,
        threshold,
        passed: item.decisive === false || item.score >= threshold,
        reason: item.reason,
        from: row.subject,
        decisive: item.decisive !== false,
      });
    }
  }
  return [...table.values()];
}

const LABELS: Record<CriterionName, string> = {
  identity: "identity",
  wardrobe: "wardrobe",
  charactersPresent: "cast present",
  location: "location",
  props: "props",
  continuity: "continuity",
  artifacts: "artifacts",
};

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The table as message fields: "identity · ann" → "✅ 0.95 (≥ 0.75) matches". */
export function scoreFields(table: readonly ScoreRow[], options: { showSource?: boolean } = {}): OutField[] {
  return table.map((row) => ({
    name: `${LABELS[row.criterion]}${row.about ? ` · ${row.about}` : ""}`,
    value: `${row.passed ? "✅" : "❌"} ${row.score.toFixed(2)} (≥ ${row.threshold.toFixed(2)}) ${clip(row.reason, 120)}${
      options.showSource && !row.passed ? ` [${row.from}]` : ""
    }`,
  }));
}
