import { type Scores, scoresSchema } from "../../src/core/scores.ts";

/** Every score on a judge's sheet, named, for assertions and for a simple pass rule in tests. */
export function scoreList(raw: unknown): { name: string; score: number; reason: string }[] {
  const scores: Scores = scoresSchema.parse(raw);
  return [
    ...scores.characters.flatMap((c) => [
      { name: `${c.id}.identity`, ...c.identity },
      { name: `${c.id}.wardrobe`, ...c.wardrobe },
    ]),
    {
      name: "charactersPresent",
      score: scores.charactersPresent.score,
      reason: scores.charactersPresent.reason,
    },
    { name: "location", ...scores.location },
    { name: "props", ...scores.props },
    ...(scores.continuity ? [{ name: "continuity", ...scores.continuity }] : []),
    { name: "artifacts", ...scores.artifacts },
  ];
}

export function scoreOf(raw: unknown, name: string): number {
  const found = scoreList(raw).find((s) => s.name === name);
  if (!found) throw new Error(`no score ${name}`);
  return found.score;
}

/** The tests' stand-in for the core's verdict: every score at or above the threshold. */
export function passes(raw: unknown, threshold = 0.7): boolean {
  return scoreList(raw).every((s) => s.score >= threshold);
}

/** Scores below the threshold, as "name score: reason" lines for failure messages. */
export function lowScores(raw: unknown, threshold = 0.8): string[] {
  return scoreList(raw)
    .filter((s) => s.score < threshold)
    .map((s) => `${s.name} ${s.score.toFixed(2)}: ${s.reason}`);
}
