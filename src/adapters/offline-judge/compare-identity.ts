import { deltaE, ramp, rgbToHex } from "../free-tier/pixels/colour.ts";
import type { Anatomy } from "../offline-studio/figures/figure-anatomy.ts";

/**
 * Identity of a figure against the character's turnaround, clothing left out: hair colour,
 * skin, build (width over height), head-to-body proportion (a child is not an adult) and hair
 * shape (length below the crown, width). Each part is a score; identity is the weakest part.
 */
export interface IdentityComparison {
  parts: { name: string; score: number; detail: string }[];
  score: number;
  /** Mean of the parts: how likely this figure is this character at all, for matching. */
  likeness: number;
  reason: string;
}

function relative(seen: number, expected: number): number {
  return Math.abs(seen / expected - 1);
}

export function compareIdentity(reference: Anatomy, seen: Anatomy): IdentityComparison {
  const hairDelta = deltaE(reference.hair, seen.hair);
  const skinDelta = deltaE(reference.skin, seen.skin);
  const build = relative(seen.aspect, reference.aspect);
  const head = relative(seen.headRatio, reference.headRatio);
  const hairLength = Math.abs(seen.hairLength - reference.hairLength);
  const parts = [
    {
      name: "hair colour",
      score: ramp(hairDelta, 14, 34),
      detail: `${rgbToHex(seen.hair)} vs ${rgbToHex(reference.hair)} (ΔE ${hairDelta.toFixed(0)})`,
    },
    {
      name: "skin",
      score: ramp(skinDelta, 10, 28),
      detail: `${rgbToHex(seen.skin)} vs ${rgbToHex(reference.skin)} (ΔE ${skinDelta.toFixed(0)})`,
    },
    {
      name: "build",
      score: ramp(build, 0.18, 0.36),
      detail: `width/height ${seen.aspect.toFixed(2)} vs ${reference.aspect.toFixed(2)}`,
    },
    {
      name: "proportions",
      score: ramp(head, 0.16, 0.4),
      detail: `head ${(seen.headRatio * 100).toFixed(0)}% of height vs ${(reference.headRatio * 100).toFixed(0)}%`,
    },
    {
      // Length is what tells hair worn down from a bun; width is reported but too easily thinned by
      // a video codec to fail on.
      name: "hair shape",
      score: ramp(hairLength, 0.35, 0.8),
      detail: `hair reaches ${seen.hairLength.toFixed(1)} head heights below the crown vs ${reference.hairLength.toFixed(1)} (width ${seen.hairWidth.toFixed(2)} vs ${reference.hairWidth.toFixed(2)} torso widths)`,
    },
  ];
  const worst = parts.reduce((a, b) => (b.score < a.score ? b : a));
  const score = worst.score;
  const likeness = parts.reduce((sum, p) => sum + p.score, 0) / parts.length;
  const reason =
    score >= 0.8
      ? `hair, skin, build and hair shape match the turnaround (closest call: ${worst.name}, ${worst.detail})`
      : `off-model ${worst.name}: ${worst.detail}`;
  return { parts, score, likeness, reason };
}

/**
 * Which seen figure is which character: the assignment with the greatest total likeness, where
 * leaving a character unmatched is worth `floor` (so a stranger is not forced onto them).
 */
export function assignFigures(likeness: number[][], floor = 0.45): (number | undefined)[] {
  const cast = likeness.length;
  const figures = likeness[0]?.length ?? 0;
  let best: { total: number; assignment: (number | undefined)[] } = { total: -1, assignment: [] };
  const used = new Array<boolean>(figures).fill(false);
  const current: (number | undefined)[] = [];
  const search = (i: number, total: number) => {
    if (i === cast) {
      if (total > best.total) best = { total, assignment: [...current] };
      return;
    }
    current[i] = undefined;
    search(i + 1, total + floor);
    for (let f = 0; f < figures; f++) {
      const value = likeness[i]?.[f] ?? 0;
      if (used[f] || value < floor) continue;
      used[f] = true;
      current[i] = f;
      search(i + 1, total + value);
      used[f] = false;
    }
    current[i] = undefined;
  };
  search(0, 0);
  return best.assignment;
}
