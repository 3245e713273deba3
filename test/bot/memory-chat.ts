import type {
  ChatPort,
  CommandReplies,
  MessageRef,
  OutMessage,
  Place,
  Platform,
} from "../../src/bot/chat-port.ts";

/** A chat platform in memory: every post, edit and note, in order, for tests of the bot core. */
export function memoryChat(platform: Platform = "slack") {
  let counter = 0;
  const posts: { place: Place; message: OutMessage; ref: MessageRef }[] = [];
  const updates: { ref: MessageRef; message: OutMessage }[] = [];
  const notes: { user: string; place: Place; text: string }[] = [];
  const offered: MessageRef[] = [];
  const chat: ChatPort = {
    platform,
    botUserId: () => "UBOT",
    async post(place, message) {
      const ref = { channel: place.channel, id: `m${++counter}` };
      posts.push({ place, message, ref });
      return ref;
    },
    async update(ref, message) {
      updates.push({ ref, message });
    },
    async openThread(root) {
      return { channel: root.channel, thread: root.id };
    },
    async privateNote(user, place, text) {
      notes.push({ user, place, text });
    },
    async offerDecision(ref) {
      offered.push(ref);
    },
  };
  /** Replies to one command, posting in `channel` through the same memory. */
  const replies = (channel: string) => {
    const answers = {
      acks: [] as (string | undefined)[],
      private: [] as string[],
      public: [] as OutMessage[],
    };
    const commandReplies: CommandReplies = {
      async ack(text) {
        answers.acks.push(text);
      },
      async private(text) {
        answers.private.push(text);
      },
      async public(message) {
        answers.public.push(message);
        return chat.post({ channel }, message);
      },
    };
    return { answers, replies: commandReplies };
  };
  return { chat, posts, updates, notes, offered, replies };
}
