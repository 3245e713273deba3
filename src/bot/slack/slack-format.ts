import type { types } from "@slack/bolt";
import type { OutMessage } from "../chat-port.ts";

type KnownBlock = types.KnownBlock;

/**
 * Neutral messages as Slack Block Kit and mrkdwn. Slack wants &, < and > escaped in text, except
 * in its own mention syntax (<@U…>, <#C…>), which the bot uses on purpose.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .split(/(<[@#][A-Z0-9]+>)/g)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
    )
    .join("");
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The notification text: what shows where blocks cannot (notifications, old clients). */
export function fallbackText(message: OutMessage): string {
  return clip(escapeMrkdwn(message.title), 300);
}

/** Title and text in a section, the fields (a score table) ten to a section, the footer as context. */
export function slackBlocks(message: OutMessage): KnownBlock[] {
  const body = `*${escapeMrkdwn(message.title)}*${message.text ? `\n${escapeMrkdwn(message.text)}` : ""}`;
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: clip(body, 3000) } }];
  const fields = message.fields ?? [];
  for (let start = 0; start < fields.length && blocks.length < 45; start += 10) {
    blocks.push({
      type: "section",
      fields: fields.slice(start, start + 10).map((field) => ({
        type: "mrkdwn",
        text: clip(`*${escapeMrkdwn(field.name)}*\n${escapeMrkdwn(field.value)}`, 2000),
      })),
    });
  }
  if (message.footer)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: clip(escapeMrkdwn(message.footer), 2000) }],
    });
  return blocks;
}

/** The same message as one mrkdwn text, for a file upload's comment (which takes no blocks). */
export function slackMrkdwn(message: OutMessage): string {
  const lines = [`*${escapeMrkdwn(message.title)}*`];
  if (message.text) lines.push(escapeMrkdwn(message.text));
  for (const field of message.fields ?? [])
    lines.push(`• *${escapeMrkdwn(field.name)}*: ${escapeMrkdwn(field.value)}`);
  if (message.footer) lines.push(`_${escapeMrkdwn(message.footer)}_`);
  return clip(lines.join("\n"), 3900);
}
