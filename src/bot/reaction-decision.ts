/**
 * ✅ accepts, ❌ rejects; any other reaction is conversation. Slack sends reaction names, Discord
 * the emoji itself; the look-alikes people reach for are taken too.
 */
const APPROVE = new Set(["white_check_mark", "heavy_check_mark", "ballot_box_with_check", "✅", "✔️", "☑️"]);
const REJECT = new Set(["x", "negative_squared_cross_mark", "heavy_multiplication_x", "❌", "❎", "✖️"]);

export function reactionDecision(emoji: string): "approve" | "reject" | undefined {
  // Slack appends skin tones (":+1::skin-tone-2:"); none of ours has one, but strip it anyway.
  const name = emoji.replace(/::skin-tone-\d$/, "");
  if (APPROVE.has(name)) return "approve";
  if (REJECT.has(name)) return "reject";
  return undefined;
}
