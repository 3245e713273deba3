import type { CriterionName, Scores } from "./scores.ts";
import { measurements, type Thresholds } from "./verdict.ts";

/**
 * A paid judge's score that lands within `band` of its threshold is a coin toss: the same image
 * asked again can land on the other side. Such a verdict is asked once more (see judge-image.ts).
 */
export function nearBorder(
  scores: Scores,
  thresholds: Thresholds,
  band: number,
  only?: readonly CriterionName[],
): boolean {
  if (band <= 0) return false;
  return measurements(scores).some(
    (item) =>
      (!only || only.includes(item.criterion)) && Math.abs(item.score - thresholds[item.criterion]) <= band,
  );
}

/** Two opinions of one image, criterion by criterion, keeping the lower score (and its reason). */
export function lowerOf(a: Scores, b: Scores): Scores {
  const lower = <T extends { score: number }>(x: T, y: T | undefined): T => (y && y.score < x.score ? y : x);
  return {
    characters: a.characters.map((character) => {
      const other = b.characters.find((candidate) => candidate.id === character.id);
      return {
        id: character.id,
        identity: lower(character.identity, other?.identity),
        wardrobe: lower(character.wardrobe, other?.wardrobe),
      };
    }),
    charactersPresent: lower(a.charactersPresent, b.charactersPresent),
    location: lower(a.location, b.location),
    props: lower(a.props, b.props),
    continuity:
      a.continuity && b.continuity ? lower(a.continuity, b.continuity) : (a.continuity ?? b.continuity),
    artifacts: lower(a.artifacts, b.artifacts),
  };
}
