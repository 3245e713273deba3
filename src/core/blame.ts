import type { Failure } from "./failure.ts";
import type { CriterionName } from "./scores.ts";

/**
 * Where a failure came from, so an escalation says what to fix:
 * - reference: a turnaround or plate is missing, unreadable or changed since the lock;
 * - panel: the storyboard panel was drawn off-model;
 * - video: the model misread a panel that had passed;
 * - manifest: the same criterion fails the same way across regenerations while identity and
 *   wardrobe pass (the field report's 1I: the manifest labelled the shot at the wrong location);
 * - provider: the provider refused or kept failing, so nothing could be judged.
 */
export const BLAMES = ["reference", "panel", "video", "manifest", "provider"] as const;
export type Blame = (typeof BLAMES)[number];

export interface AttemptOutcome {
  passed: boolean;
  failures: Pick<Failure, "criterion" | "subject">[];
}

const SCENE_FACTS: readonly CriterionName[] = ["location", "charactersPresent", "props"];

function signature(outcome: AttemptOutcome): string {
  return [...new Set(outcome.failures.map((failure) => `${failure.criterion}:${failure.subject ?? ""}`))]
    .sort()
    .join("|");
}

/** Blame for an artifact stage from its attempts so far (oldest first). */
export function blameFor(
  stage: "panel" | "end-panel" | "video" | "scene",
  history: readonly AttemptOutcome[],
  /** For a clip: the panel it was made from. A human may have approved a panel that failed. */
  source?: AttemptOutcome,
): Blame {
  const failed = history.filter((outcome) => !outcome.passed);
  const last = failed.at(-1);
  if (last && source && !source.passed) {
    // The clip fails exactly where its approved panel already failed: the panel is the cause.
    const inherited = last.failures.every((failure) =>
      source.failures.some(
        (known) => known.criterion === failure.criterion && known.subject === failure.subject,
      ),
    );
    if (inherited) return "panel";
  }
  if (last && failed.length >= 2) {
    const persistent = failed.every((outcome) => signature(outcome) === signature(last));
    const onlySceneFacts = last.failures.every((failure) => SCENE_FACTS.includes(failure.criterion));
    if (persistent && onlySceneFacts) return "manifest";
  }
  return stage === "video" || stage === "scene" ? "video" : "panel";
}

/**
 * What the blame means, in words that follow the recorded facts: a clip's panel is only said to
 * have passed when it did (a person may have taken it over a failed gate), and the scene gate,
 * which judges cuts, never claims anything about panels.
 */
export function describeBlame(
  blame: Blame,
  failures: readonly Pick<Failure, "criterion" | "subject" | "reason">[],
  facts: { stage?: string; sourcePassed?: boolean } = {},
): string {
  const what = failures
    .slice(0, 4)
    .map(
      (failure) => `${failure.criterion}${failure.subject ? ` (${failure.subject})` : ""}: ${failure.reason}`,
    )
    .join("; ");
  switch (blame) {
    case "reference":
      return `a locked reference is missing or changed: fix the bible and re-lock it. ${what}`;
    case "manifest":
      return `the same failure survived every regeneration while identity and wardrobe passed: check the manifest for this shot. ${what}`;
    case "panel":
      if (facts.stage === "video" && facts.sourcePassed === false)
        return `the clip fails where its panel already failed (the panel was accepted over a failed gate): fix the panel or the shot. ${what}`;
      return `the panel keeps coming out off-model: review the best attempt or adjust the shot. ${what}`;
    case "video":
      if (facts.stage === "scene")
        return `continuity breaks across the cut: review the clips either side of it. ${what}`;
      if (facts.sourcePassed === false)
        return `the clip fails; its panel did not pass either (it was accepted over a failed gate): review the clip and its panel. ${what}`;
      return `the video model misread a panel that had passed: review the clip. ${what}`;
    case "provider":
      return `the provider could not produce a result: ${what}`;
  }
}
