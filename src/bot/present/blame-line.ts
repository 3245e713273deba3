/** One line on where a failure came from and what to fix (core/blame.ts has the full rules). */
const WHAT: Record<string, string> = {
  reference: "a locked reference is missing or changed: fix the bible and re-lock it",
  panel: "the panel is drawn off-model",
  // Said without claiming the panel passed: a person may have taken it over a failed gate.
  video: "the video model's clip does not hold up (see the reason above)",
  manifest: "the same failure survives every regeneration: check this shot's manifest entry",
  provider: "the provider produced nothing that could be judged",
};

export function blameLine(blame: string | null | undefined): string | undefined {
  if (!blame) return undefined;
  return `blame: ${blame} — ${WHAT[blame] ?? "see the scores"}`;
}
