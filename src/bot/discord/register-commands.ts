import { REST, Routes } from "discord.js";
import type { BotConfig } from "../../config/bot-config.ts";
import { AppError } from "../../core/app-error.ts";
import { discordCommands } from "./discord-commands.ts";

/**
 * Installs the slash commands: in one server (DISCORD_GUILD_ID, immediate) or globally (can take
 * up to an hour to appear). A PUT replaces the whole set, so running it again is harmless.
 */
export async function registerDiscordCommands(input: {
  rest: REST;
  applicationId: string;
  guildId?: string | undefined;
}): Promise<string[]> {
  const route = input.guildId
    ? Routes.applicationGuildCommands(input.applicationId, input.guildId)
    : Routes.applicationCommands(input.applicationId);
  const registered = (await input.rest.put(route, { body: discordCommands() })) as { name: string }[];
  return registered.map((command) => command.name);
}

/** `continuity discord register`: from configuration, with a line saying what happened. */
export async function registerFromConfig(config: BotConfig): Promise<string> {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new AppError("CONFIG_INVALID", "discord register needs DISCORD_TOKEN and DISCORD_APPLICATION_ID");
  }
  const rest = new REST(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}).setToken(
    config.DISCORD_TOKEN,
  );
  const names = await registerDiscordCommands({
    rest,
    applicationId: config.DISCORD_APPLICATION_ID,
    guildId: config.DISCORD_GUILD_ID,
  });
  const where = config.DISCORD_GUILD_ID
    ? `in server ${config.DISCORD_GUILD_ID}`
    : "globally (they may take up to an hour to appear)";
  return `registered ${names.length} slash commands ${where}: ${names.map((name) => `/${name}`).join(", ")}`;
}
