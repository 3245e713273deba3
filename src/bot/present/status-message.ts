import type { StatusData } from "../../../commands/status.ts";
import type { OutMessage } from "../chat-port.ts";
import { shotFields } from "./run-messages.ts";

/**
 * `/status` in chat, rendered from the command's data rather than its terminal text: a person in
 * a thread decides with a reaction, not a command line, so each open escalation says where to
 * react, with a link to that message when the platform gives one.
 */
export function statusMessage(
  data: StatusData,
  links: Readonly<Record<string, string | undefined>>,
): OutMessage {
  const pending = data.escalations.filter((item) => item.status === "pending");
  const lines = [
    `Spent ${data.spentUsd} of cap ${data.capUsd}; estimate ${data.estimate.expectedUsd} expected, ${data.estimate.worstUsd} worst case.`,
    data.haltReason ? `Halted: ${data.haltReason}` : "",
    data.sceneGate ? `Scene: ${data.sceneGate.line}.` : "",
  ];
  for (const escalation of pending) {
    const where = links[escalation.id];
    lines.push(
      `⚠️ ${escalation.id} (${escalation.shot}, ${escalation.stage}): an approver reacts ✅ or ❌ on the escalation message${
        where ? ` ${where}` : " in the run's thread"
      }.`,
    );
  }
  if (data.stop.on)
    lines.push(
      `⏹️ Kill switch on${data.stop.flag.on ? ` (set by ${data.stop.flag.by ?? "someone"})` : ""}${
        data.stop.file.present ? " (a STOP file on the bot's machine)" : ""
      }: an approver lifts it with /resume${data.stop.file.present ? " once the STOP file is removed" : ""}.`,
    );
  else if (data.status === "stopped") lines.push("Stopped: an approver carries it on with /resume.");
  return {
    title: `📋 Run ${data.runId}: ${data.statusLine}`,
    text: lines.filter(Boolean).join("\n"),
    fields: shotFields(data),
    tone: pending.length || data.stop.on ? "warn" : data.status === "done" ? "good" : "info",
  };
}
