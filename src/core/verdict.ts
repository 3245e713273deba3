import { z } from "zod";
import { AppError } from "./app-error.ts";
import type { Failure } from "./failure.ts";
import type { LocalFinding } from "./local-finding.ts";
import type { CriterionName, Scores } from "./scores.ts";
import { CRITERIA, scoresSchema } from "./scores.ts";

export type Thresholds = Record<CriterionName, number>;

export type { Failure } from "./failure.ts";

/** A failure as an attempt row stores it: a provider failure has no threshold, older rows no `decisive`. */
export type RecordedFailure = Pick<Failure, "criterion" | "score" | "reason"> &
  Partial<Pick<Failure, "subject" | "threshold" | "decisive">>;

export const recordedFailureSchema: z.ZodType<RecordedFailure> = z.looseObject({
  criterion: z.enum(CRITERIA),
  subject: z.string().optional(),
  score: z.number(),
  threshold: z.number().optional(),
  reason: z.string(),
  decisive: z.boolean().optional(),
});

/** What an escalation keeps of its best attempt, to show the approver: its lowest score and its failures. */
export interface EscalationEvidence {
  score: number;
  failures: RecordedFailure[];
}

export const escalationEvidenceSchema: z.ZodType<EscalationEvidence> = z.looseObject({
  score: z.number(),
  failures: z.array(recordedFailureSchema),
});

export interface Verdict {
  passed: boolean;
  /** The lowest score measured: the number the no-progress detector watches. */
  score: number;
  failures: Failure[];
  /** Advisory findings under their threshold: shown with the verdict, never part of it. */
  advisories: Failure[];
}

/**
 * Checks a judge's raw answer. Anything that is not a complete score sheet for this shot's cast
 * is a judge failure, never a pass.
 */
export function parseJudgeAnswer(raw: unknown, expectedCast: readonly string[]): Scores {
  const parsed = scoresSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      "JUDGE_MALFORMED",
      `the judge's answer does not match the score schema: ${parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ")}`,
    );
  }
  const scored = new Set(parsed.data.characters.map((character) => character.id));
  const missing = expectedCast.filter((id) => !scored.has(id));
  if (missing.length > 0) {
    throw new AppError("JUDGE_MALFORMED", `the judge gave no scores for ${missing.join(", ")}`);
  }
  return parsed.data;
}

/** Flattens a score sheet into criterion measurements, keeping which character each is about. */
export function measurements(scores: Scores): Omit<Failure, "threshold">[] {
  const out: Omit<Failure, "threshold">[] = [];
  for (const character of scores.characters) {
    out.push({ criterion: "identity", subject: character.id, ...character.identity });
    out.push({ criterion: "wardrobe", subject: character.id, ...character.wardrobe });
  }
  out.push({
    criterion: "charactersPresent",
    score: scores.charactersPresent.score,
    reason: scores.charactersPresent.reason,
  });
  out.push({ criterion: "location", ...scores.location });
  out.push({ criterion: "props", ...scores.props });
  if (scores.continuity) out.push({ criterion: "continuity", ...scores.continuity });
  out.push({ criterion: "artifacts", ...scores.artifacts });
  return out;
}

/**
 * The verdict is derived here from numbers and thresholds; a judge's own opinion of pass/fail is
 * never used. Advisory findings neither fail the artifact nor count towards its lowest score (the
 * no-progress detector must not chase a number that cannot decide).
 */
export function verdictOf(
  measured: readonly Omit<Failure, "threshold">[],
  thresholds: Thresholds,
  only?: readonly CriterionName[],
): Verdict {
  const relevant = only ? measured.filter((item) => only.includes(item.criterion)) : measured;
  const deciding = relevant.filter((item) => item.decisive !== false);
  const under = (items: readonly Omit<Failure, "threshold">[]) =>
    items
      .filter((item) => item.score < thresholds[item.criterion])
      .map((item) => ({ ...item, threshold: thresholds[item.criterion] }));
  const score = deciding.length === 0 ? 1 : Math.min(...deciding.map((item) => item.score));
  const failures = under(deciding);
  const advisories = under(relevant.filter((item) => item.decisive === false));
  return { passed: failures.length === 0, score, failures, advisories };
}

export function findingsAsMeasurements(
  findings: readonly LocalFinding[],
  subject?: string,
): Omit<Failure, "threshold">[] {
  return findings.map((finding) => ({ ...finding, ...(subject ? { subject } : {}) }));
}

/** Several verdicts (keyframes of one clip) make one: it passes only when all pass. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  return {
    passed: verdicts.every((verdict) => verdict.passed),
    score: verdicts.length === 0 ? 1 : Math.min(...verdicts.map((verdict) => verdict.score)),
    failures: verdicts.flatMap((verdict) => verdict.failures),
    advisories: verdicts.flatMap((verdict) => verdict.advisories),
  };
}

/** A finding as JSON outputs list it: every one says whether it may decide. */
export type ListedFinding = Omit<Failure, "threshold" | "decisive"> & { decisive: boolean; tier: string };

/**
 * A stored validation's findings: the free tier stores its measurements as a flat list (each
 * with its own decisive flag), the judge a full score sheet (all of whose scores decide).
 */
export function storedFindings(tier: string, stored: unknown): ListedFinding[] {
  if (Array.isArray(stored)) {
    return (stored as Omit<Failure, "threshold">[]).map((item) => ({
      ...item,
      decisive: item.decisive !== false,
      tier,
    }));
  }
  const sheet = scoresSchema.safeParse(stored);
  if (!sheet.success) return [];
  return measurements(sheet.data).map((item) => ({ ...item, decisive: true, tier }));
}
