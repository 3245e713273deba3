import type { CommandView } from "../../commands/command-view.ts";
import type { OutMessage } from "./chat-port.ts";

const LIMIT = 2800;

/** A command's terminal text as a chat message: a title and the text in a fixed-width block. */
export function viewMessage(title: string, view: CommandView): OutMessage {
  const text =
    view.text.length > LIMIT ? `${view.text.slice(0, LIMIT)}\n… (truncated; see the terminal)` : view.text;
  return { title, text: `\`\`\`\n${text}\n\`\`\``, tone: view.exitCode === 0 ? "info" : "warn" };
}
