import type { RunSummary, ShotSummary } from "../../app/runs/run-summary.ts";
import type { OutField, OutMessage } from "../chat-port.ts";

const ICON: Record<string, string> = {
  pending: "⏳",
  running: "🔄",
  stitching: "🎞️",
  accepted: "✅",
  done: "✅",
  escalated: "⚠️",
  failed: "❌",
  halted: "🛑",
  stopped: "⏹️",
};

function shotLine(shot: ShotSummary): string {
  const tries = [
    `panel×${shot.attempts.panel}`,
    shot.attempts.endPanel ? `end×${shot.attempts.endPanel}` : "",
    `video×${shot.attempts.video}`,
  ]
    .filter(Boolean)
    .join(" ");
  const score =
    shot.latest?.score != null ? `, latest ${shot.latest.stage} ${shot.latest.score.toFixed(2)}` : "";
  return `${ICON[shot.status] ?? ""} ${shot.status} (${tries}${score})${shot.blame && shot.status !== "accepted" ? `, blame ${shot.blame}` : ""}`;
}

export function shotFields(summary: RunSummary): OutField[] {
  const fields = summary.shots.slice(0, 20).map((shot) => ({
    name: shot.id,
    value: `${shotLine(shot)}${shot.verdictLine ? `\n${shot.verdictLine}` : shot.message && shot.status !== "accepted" ? `\n${shot.message.slice(0, 200)}` : ""}`,
  }));
  const gate = summary.sceneGate;
  if (gate) {
    fields.push({
      name: "scene",
      value: `${ICON[gate.status === "passed" ? "done" : gate.status] ?? ""} ${gate.line}${gate.blame && gate.status !== "passed" ? `, blame ${gate.blame}` : ""}${gate.message && gate.status !== "passed" ? `\n${gate.message.slice(0, 200)}` : ""}`,
    });
  }
  return fields;
}

/** The message in the channel a run's thread hangs from: estimate, cap, spend and each shot's state. */
export function rootMessage(summary: RunSummary, requestedBy: string): OutMessage {
  return {
    title: `🎬 ${summary.scope}: run ${summary.runId} ${ICON[summary.status] ?? ""} ${summary.statusLine}`,
    text: [
      `Requested by <@${requestedBy}> against bible ${summary.bibleVersion.slice(0, 12)}.`,
      `Estimate ${summary.estimate.expectedUsd} expected, ${summary.estimate.worstUsd} worst case; cap ${summary.capUsd}; spent ${summary.spentUsd}.`,
      summary.haltReason ? `Halted: ${summary.haltReason}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
    fields: shotFields(summary),
    footer: "Panels, keyframes and their scores follow in the thread.",
    tone: summary.status === "done" ? "good" : summary.status === "running" ? "info" : "warn",
  };
}

function nextStep(summary: RunSummary): string | undefined {
  const pending = summary.escalations.filter((item) => item.status === "pending");
  if (pending.length)
    return `Waiting on ${pending.map((item) => `${item.id} (${item.shot})`).join(", ")}: an approver reacts ✅ or ❌ on the escalation above.`;
  if (summary.status === "stopped")
    return "Stopped by the kill switch: an approver can carry it on with /resume.";
  if (summary.status === "halted")
    return `The cap is spent: render again with a larger budget, e.g. /render ${summary.scope} <budget>.`;
  return undefined;
}

/** Posted in the thread each time the run settles: outcome, spend against the cap, and what happens next. */
export function summaryMessage(summary: RunSummary): OutMessage {
  const accepted = summary.shots.filter((shot) => shot.status === "accepted").length;
  const next = nextStep(summary);
  return {
    title: `${ICON[summary.status] ?? "🏁"} Run ${summary.runId} ${summary.statusLine}: ${accepted}/${summary.shots.length} shots accepted, spent ${summary.spentUsd} of ${summary.capUsd}`,
    ...(summary.haltReason ? { text: summary.haltReason } : {}),
    fields: shotFields(summary),
    ...(next ? { footer: next } : {}),
    tone: summary.status === "done" ? "good" : "warn",
  };
}
