import { z } from "zod";
import { type CriterionName, scoresSchema } from "../../core/scores.ts";
import type { ScoreRow } from "./report-data.ts";

/** The free tier stores its measurements as a flat list (see findingsAsMeasurements). */
const localScoresSchema = z.array(
  z.object({
    criterion: z.string(),
    subject: z.string().optional(),
    score: z.number(),
    reason: z.string(),
    decisive: z.boolean().optional(),
  }),
);

export type Thresholds = Partial<Record<string, number>>;

export interface ScoreContext {
  thresholds: Thresholds;
  /** Criteria that decide this gate; every criterion when absent. */
  gatedCriteria?: readonly CriterionName[];
}

/**
 * Turns a stored validation's scores into table rows. A row fails when its score is under the
 * run's threshold for a criterion that decides the gate: the same rule the engine applied.
 * Anything of an unknown shape comes back as null, so the caller can show the raw JSON instead.
 */
export function scoreRows(tier: string, scores: unknown, context: ScoreContext): ScoreRow[] | null {
  if (tier === "judge") {
    const parsed = scoresSchema.safeParse(scores);
    if (!parsed.success) return null;
    const sheet = parsed.data;
    const measured: Measured[] = [];
    for (const character of sheet.characters) {
      measured.push({ criterion: "identity", subject: character.id, ...character.identity });
      measured.push({ criterion: "wardrobe", subject: character.id, ...character.wardrobe });
    }
    const present = sheet.charactersPresent;
    measured.push({ criterion: "charactersPresent", score: present.score, reason: presenceReason(present) });
    measured.push({ criterion: "location", ...sheet.location });
    measured.push({ criterion: "props", ...sheet.props });
    measured.push(
      sheet.continuity
        ? { criterion: "continuity", ...sheet.continuity }
        : { criterion: "continuity", score: null, reason: "no adjacent accepted shot to compare with" },
    );
    measured.push({ criterion: "artifacts", ...sheet.artifacts });
    return measured.map((item) => toRow(item, context));
  }
  const parsed = localScoresSchema.safeParse(scores);
  if (!parsed.success) return null;
  return parsed.data.map((item) => toRow(item, context));
}

interface Measured {
  criterion: string;
  subject?: string | undefined;
  score: number | null;
  reason: string;
  decisive?: boolean | undefined;
}

function presenceReason(present: { reason: string; missing: string[]; extra: string[] }): string {
  const notes = [
    present.missing.length ? `missing: ${present.missing.join(", ")}` : "",
    present.extra.length ? `extra: ${present.extra.join(", ")}` : "",
  ].filter(Boolean);
  return notes.length ? `${present.reason} (${notes.join("; ")})` : present.reason;
}

function toRow(item: Measured, context: ScoreContext): ScoreRow {
  const threshold = context.thresholds[item.criterion] ?? null;
  const gated = !context.gatedCriteria || context.gatedCriteria.includes(item.criterion as CriterionName);
  const decisive = item.decisive !== false;
  return {
    criterion: item.criterion,
    subject: item.subject ?? null,
    score: item.score,
    threshold,
    reason: item.reason,
    gated,
    decisive,
    failed: gated && decisive && item.score !== null && threshold !== null && item.score < threshold,
  };
}
