import type { webApi } from "@slack/bolt";
import type { ChatPort, MessageRef, OutMessage, Place } from "../chat-port.ts";
import { fallbackText, slackBlocks, slackMrkdwn } from "./slack-format.ts";

export interface SlackChat extends ChatPort {
  /** Learns the bot's own user id (auth.test), so its own reactions are never taken for decisions. */
  identify(): Promise<void>;
}

/**
 * The chat port on Slack's Web API. Images go up with files.uploadV2 (files.upload is retired),
 * into the thread: a judged attempt is one upload whose comment carries its verdict and scores;
 * an editable message (an escalation) gets its images uploaded first and its text as a message
 * of its own, because a file message cannot be edited into showing a decision.
 */
export function createSlackChat(client: webApi.WebClient): SlackChat {
  let botUserId: string | undefined;

  async function upload(place: Place, message: OutMessage, comment: string | undefined): Promise<void> {
    const images = message.images ?? [];
    await client.files.uploadV2({
      channel_id: place.channel,
      ...(place.thread ? { thread_ts: place.thread } : {}),
      ...(comment ? { initial_comment: comment } : {}),
      file_uploads: images.map((image) => ({
        file: image.bytes,
        filename: image.filename,
        title: image.title,
        alt_text: image.title,
      })),
    } as webApi.FilesUploadV2Arguments);
  }

  return {
    platform: "slack",
    botUserId: () => botUserId,
    async identify() {
      const auth = await client.auth.test();
      botUserId = auth.user_id;
    },
    async post(place, message, options = {}) {
      const threaded = place.thread ? { thread_ts: place.thread } : {};
      if (message.images?.length) {
        if (!options.editable) {
          await upload(place, message, slackMrkdwn(message));
          return undefined;
        }
        await upload(place, message, undefined);
      }
      const posted = await client.chat.postMessage({
        channel: place.channel,
        ...threaded,
        text: fallbackText(message),
        blocks: slackBlocks(message),
        unfurl_links: false,
      });
      return { channel: posted.channel ?? place.channel, id: posted.ts as string };
    },
    async update(ref: MessageRef, message) {
      await client.chat.update({
        channel: ref.channel,
        ts: ref.id,
        text: fallbackText(message),
        blocks: slackBlocks(message),
      });
    },
    async openThread(root) {
      // A Slack thread is the replies to a message: posting with thread_ts = the root's ts.
      return { channel: root.channel, thread: root.id };
    },
    async privateNote(user, place, text) {
      await client.chat.postEphemeral({
        channel: place.channel,
        user,
        text,
        ...(place.thread ? { thread_ts: place.thread } : {}),
      });
    },
    async messageLink(ref) {
      const answer = await client.chat
        .getPermalink({ channel: ref.channel, message_ts: ref.id })
        .catch(() => undefined);
      return answer?.permalink;
    },
    async offerDecision(ref) {
      for (const name of ["white_check_mark", "x"]) {
        await client.reactions.add({ channel: ref.channel, timestamp: ref.id, name }).catch(() => {});
      }
    },
  };
}
