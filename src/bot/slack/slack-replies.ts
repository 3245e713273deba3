import type { AckFn, RespondArguments, webApi } from "@slack/bolt";
import type { CommandReplies } from "../chat-port.ts";
import { fallbackText, slackBlocks } from "./slack-format.ts";

/**
 * Replies to one slash command: the acknowledgement is the HTTP (or socket) answer itself, so a
 * refusal costs no API call; later answers go through the Web API as the bot.
 */
export function slackReplies(input: {
  ack: AckFn<string | RespondArguments>;
  client: webApi.WebClient;
  channel: string;
  user: string;
}): CommandReplies {
  return {
    ackPerDelivery: true,
    async ack(privateText) {
      await input.ack(privateText ? { response_type: "ephemeral", text: privateText } : undefined);
    },
    async private(text) {
      await input.client.chat.postEphemeral({ channel: input.channel, user: input.user, text });
    },
    async public(message) {
      const posted = await input.client.chat.postMessage({
        channel: input.channel,
        text: fallbackText(message),
        blocks: slackBlocks(message),
        unfurl_links: false,
      });
      return { channel: posted.channel ?? input.channel, id: posted.ts as string };
    },
  };
}
