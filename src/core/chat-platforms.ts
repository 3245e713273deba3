/** The chat platforms the bot serves: the one list behind the Platform type and chat_threads' CHECK. */
export const CHAT_PLATFORMS = ["slack", "discord"] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];
