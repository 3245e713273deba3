import { type REST, Routes } from "discord.js";
import type { ChatPort } from "../chat-port.ts";
import { discordEmbed, discordFiles, NO_PINGS } from "./discord-format.ts";

const APPROVE = "✅";
const REJECT = "❌";

/**
 * The chat port on Discord's REST API with the bot token, never an interaction token (those
 * expire after 15 minutes, and renders run longer). Messages are addressed by id alone, so a
 * message from before a restart is edited like any other.
 */
export function createDiscordChat(rest: REST, botUserId: () => string | undefined): ChatPort {
  return {
    platform: "discord",
    botUserId,
    async post(place, message) {
      const files = discordFiles(message);
      const posted = (await rest.post(Routes.channelMessages(place.channel), {
        body: {
          embeds: [discordEmbed(message)],
          allowed_mentions: NO_PINGS,
          ...(files.length ? { attachments: files.map((file, id) => ({ id, filename: file.name })) } : {}),
        },
        ...(files.length ? { files } : {}),
      })) as { id: string; channel_id: string };
      return { channel: posted.channel_id ?? place.channel, id: posted.id };
    },
    async update(ref, message) {
      // Attachments are left out of the edit, so the ones posted with the message stay.
      const embed = discordEmbed({ ...message, images: [] });
      await rest.patch(Routes.channelMessage(ref.channel, ref.id), {
        body: { embeds: [embed], allowed_mentions: NO_PINGS },
      });
    },
    async openThread(root, name) {
      try {
        const thread = (await rest.post(Routes.threads(root.channel, root.id), {
          body: { name: name.slice(0, 100), auto_archive_duration: 10080 },
        })) as { id: string };
        return { channel: thread.id };
      } catch {
        // Already in a thread, or a DM: the run's messages go to the channel itself.
        return { channel: root.channel };
      }
    },
    async privateNote(user, _place, text) {
      const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: user } })) as { id: string };
      await rest.post(Routes.channelMessages(dm.id), {
        body: { content: text.slice(0, 2000), allowed_mentions: NO_PINGS },
      });
    },
    async messageLink(ref) {
      // A message link needs its server; a channel's record names it (none for a DM).
      const channel = (await rest.get(Routes.channel(ref.channel)).catch(() => undefined)) as
        | { guild_id?: string }
        | undefined;
      return `https://discord.com/channels/${channel?.guild_id ?? "@me"}/${ref.channel}/${ref.id}`;
    },
    async offerDecision(ref) {
      for (const emoji of [APPROVE, REJECT]) {
        await rest
          .put(Routes.channelMessageOwnReaction(ref.channel, ref.id, encodeURIComponent(emoji)))
          .catch(() => {});
      }
    },
  };
}
