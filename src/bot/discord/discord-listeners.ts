import { type Client, Events } from "discord.js";
import type { Bot } from "../bot.ts";
import { discordReplies } from "./discord-replies.ts";

/**
 * Wires discord.js to the bot. Reactions arrive for messages from before a restart only because
 * the client is made with the Message, Channel and Reaction partials; only ids and the emoji are
 * read, so a partial reaction needs no fetch.
 */
export function registerDiscordListeners(client: Client, bot: Bot, log: (line: string) => void): void {
  client.on(Events.InteractionCreate, async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    const options: Record<string, string | undefined> = {};
    for (const option of interaction.options.data)
      options[option.name] = option.value == null ? undefined : String(option.value);
    try {
      await bot.command(
        {
          platform: "discord",
          name: interaction.commandName,
          options,
          user: interaction.user.id,
          channel: interaction.channelId,
          deliveryId: interaction.id,
        },
        discordReplies(interaction),
      );
    } catch (error) {
      log(`discord /${interaction.commandName}: ${(error as Error).message}`);
    }
  });
  client.on(Events.MessageReactionAdd, async (reaction, user) => {
    const emoji = reaction.emoji.name ?? "";
    try {
      await bot.reaction({
        platform: "discord",
        user: user.id,
        emoji,
        message: { channel: reaction.message.channelId, id: reaction.message.id },
        // The gateway has no delivery id; one user's one emoji on one message is one decision.
        deliveryId: `${reaction.message.id}:${user.id}:${emoji}`,
      });
    } catch (error) {
      log(`discord reaction: ${(error as Error).message}`);
    }
  });
  client.on(Events.Error, (error) => log(`discord: ${error.message}`));
}
