import { Client, GatewayIntentBits, Partials } from "discord.js";
import type { BotConfig } from "../../config/bot-config.ts";

/**
 * The discord.js client: guild messages and reactions, with the Message, Channel and Reaction
 * partials so a reaction on an escalation posted before a restart still arrives, and its REST
 * base from DISCORD_API_URL.
 */
export function createDiscordClient(config: BotConfig): Client {
  return new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.GuildMessageReactions,
    ],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
  });
}
