import type { Scores } from "../core/scores.ts";
import type { Judge } from "../ports/judge.ts";
import type { LocalChecks } from "../ports/local-checks.ts";

/**
 * The field report's original mistake, for comparison only: panels are trusted because they
 * exist (full marks, no paid call), and only clips are validated. The engine itself has no such
 * mode; the benchmark builds it by wrapping the judge and the free tier.
 */
export function trustPanels(validation: { judge: Judge; localChecks: LocalChecks }): {
  judge: Judge;
  localChecks: LocalChecks;
} {
  const { judge, localChecks } = validation;
  return {
    judge: {
      provider: judge.provider,
      modelId: judge.modelId,
      simulated: judge.simulated,
      async score(request) {
        if (request.artifact.kind === "keyframe") return judge.score(request);
        const full = { score: 1, reason: "trusted without validation" };
        const raw: Scores = {
          characters: request.cast.map((member) => ({ id: member.id, identity: full, wardrobe: full })),
          charactersPresent: { ...full, missing: [], extra: [] },
          location: full,
          props: full,
          continuity: null,
          artifacts: full,
        };
        // Zero tokens: a check that never happened costs nothing.
        return { raw, usage: { inputTokens: 0, outputTokens: 0 } };
      },
    },
    localChecks: {
      // Keyframes still get the pixel judge (whose artifacts score sees blank frames) and the clip checks.
      checkImage: async () => [],
      checkClip: (input) => localChecks.checkClip(input),
    },
  };
}
