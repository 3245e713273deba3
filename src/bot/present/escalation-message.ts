import type { AttemptRow } from "../../../db/queries/attempts.ts";
import type { EscalationRow } from "../../../db/queries/escalations.ts";
import type { OutMessage, Platform } from "../chat-port.ts";
import { blameLine } from "./blame-line.ts";
import { type ScoreRow, scoreFields } from "./score-table.ts";
import { mention, TIMEOUT_DECIDER } from "./user-mention.ts";

export interface EscalationView {
  platform: Platform;
  escalation: EscalationRow;
  /** The attempt the decision binds to, with its thumbnail (only on the first post). */
  attempt: AttemptRow | undefined;
  /** The attempt's full score table, when it was judged. */
  table: ScoreRow[];
  thumbnail?: Buffer;
  approvers: readonly string[];
  allowSelfApproval: boolean;
  timeoutMinutes: number;
}

function duration(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

function who(view: EscalationView): string {
  const { platform, escalation } = view;
  const approvers = view.approvers.length
    ? view.approvers.map((id) => `<@${id}>`).join(", ")
    : "nobody yet (set CONTINUITY_APPROVERS)";
  const own = view.allowSelfApproval
    ? ""
    : `; ${mention(platform, escalation.requestedBy)} started the run and may not approve it`;
  const timeout =
    view.timeoutMinutes > 0 ? ` No decision within ${duration(view.timeoutMinutes)} counts as ❌.` : "";
  return `React ✅ to accept this attempt, ❌ to reject it. Approvers: ${approvers}${own}.${timeout}`;
}

function decided(view: EscalationView): string {
  const { escalation, platform } = view;
  const when = escalation.decidedAt
    ? ` at ${escalation.decidedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`
    : "";
  if (escalation.status === "superseded")
    return "⏭ superseded by a newer run of this shot: nothing to decide";
  if (escalation.decidedBy === TIMEOUT_DECIDER) return `❌ rejected: no decision in time${when}`;
  const verb = escalation.status === "approved" ? "✅ approved" : "❌ rejected";
  return `${verb} by ${mention(platform, escalation.decidedBy)}${when}`;
}

/**
 * An escalation: the best attempt, its scores and blame, and who may decide; once decided, the
 * same message shows the decision (who, what, when).
 */
export function escalationMessage(view: EscalationView): OutMessage {
  const { escalation, attempt } = view;
  const pending = escalation.status === "pending";
  const scores = escalation.scores;
  const which = attempt ? `${attempt.stage} #${attempt.number}` : escalation.stage;
  const fields = view.table.length
    ? scoreFields(view.table, { showSource: escalation.stage === "video" })
    : (scores?.failures ?? []).slice(0, 8).map((failure) => ({
        name: `${failure.criterion}${failure.subject ? ` · ${failure.subject}` : ""}`,
        value: `❌ ${failure.score.toFixed(2)} ${failure.reason}`,
      }));
  const blame = blameLine(escalation.blame);
  return {
    title: `${pending ? "⚠️" : escalation.status === "approved" ? "✅" : "🛑"} ${escalation.shotId} escalated at ${escalation.stage} (${escalation.id}): ${
      pending ? "needs a decision" : decided(view)
    }`,
    text: `Best attempt: ${which}${scores ? `, lowest score ${scores.score.toFixed(2)}` : ""}.\n${escalation.reason}`,
    ...(fields.length ? { fields } : {}),
    ...(view.thumbnail
      ? {
          images: [
            {
              filename: `${escalation.shotId}-${escalation.id}.png`,
              bytes: view.thumbnail,
              title: `best attempt, ${which}`,
            },
          ],
        }
      : {}),
    footer: [blame, pending ? who(view) : decided(view)].filter(Boolean).join("\n"),
    tone: pending ? "warn" : escalation.status === "approved" ? "good" : "bad",
  };
}
