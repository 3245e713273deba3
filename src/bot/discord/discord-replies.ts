import { type ChatInputCommandInteraction, MessageFlags } from "discord.js";
import type { CommandReplies } from "../chat-port.ts";
import { discordEmbed, NO_PINGS } from "./discord-format.ts";

/**
 * Replies to one slash command: deferred at once (Discord's 3-second rule), then the deferred
 * reply becomes the public answer; a private answer after a deferral replaces the placeholder
 * with an ephemeral follow-up.
 */
export function discordReplies(interaction: ChatInputCommandInteraction): CommandReplies {
  let answered = false;
  return {
    async ack(privateText) {
      if (privateText) {
        answered = true;
        await interaction.reply({
          content: privateText.slice(0, 2000),
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_PINGS,
        });
        return;
      }
      await interaction.deferReply();
    },
    async private(text) {
      if (interaction.deferred && !answered) {
        answered = true;
        await interaction.deleteReply().catch(() => {});
      }
      await interaction.followUp({
        content: text.slice(0, 2000),
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_PINGS,
      });
    },
    async public(message) {
      const files = (message.images ?? []).map((image) => ({
        attachment: image.bytes,
        name: image.filename,
      }));
      const payload = { embeds: [discordEmbed(message)], files, allowedMentions: NO_PINGS };
      const posted = answered ? await interaction.followUp(payload) : await interaction.editReply(payload);
      answered = true;
      return { channel: posted.channelId ?? interaction.channelId, id: posted.id };
    },
  };
}
