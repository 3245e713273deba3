import type { App } from "@slack/bolt";
import type { Bot } from "../bot.ts";
import { slackReplies } from "./slack-replies.ts";

/** Wires Bolt to the bot: every slash command, and reactions on messages. */
export function registerSlackListeners(app: App, bot: Bot, log: (line: string) => void): void {
  app.command(/^\/.+/, async ({ command, ack, client }) => {
    await bot.command(
      {
        platform: "slack",
        name: command.command,
        text: command.text,
        user: command.user_id,
        channel: command.channel_id,
        deliveryId: command.trigger_id,
      },
      slackReplies({ ack, client, channel: command.channel_id, user: command.user_id }),
    );
  });
  // Bolt acknowledges events itself; a retried delivery (X-Slack-Retry-Num) has the same event_id.
  app.event("reaction_added", async ({ event, body }) => {
    if (event.item.type !== "message") return;
    await bot.reaction({
      platform: "slack",
      user: event.user,
      emoji: event.reaction,
      message: { channel: event.item.channel, id: event.item.ts },
      deliveryId: body.event_id,
    });
  });
  app.error(async (error) => log(`slack: ${error.message}`));
}
