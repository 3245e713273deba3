import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { App as SlackApp } from "@slack/bolt";
import type { Client } from "discord.js";
import type { App } from "../app/app.ts";
import type { EngineEvent } from "../app/engine/engine-deps.ts";
import type { Runtime } from "../app/runtime.ts";
import type { BotConfig } from "../config/bot-config.ts";
import { type Bot, createBot } from "./bot.ts";
import { botJobs } from "./bot-jobs.ts";
import { botPlatforms } from "./bot-platforms.ts";
import { type BotScheduler, startBotScheduler } from "./bot-scheduler.ts";
import type { ChatPort, Platform } from "./chat-port.ts";

export interface RunningBot {
  bot: Bot;
  runtime: Runtime;
  /** Which platforms are connected, for the start-up line. */
  platforms: string[];
  /** The port Slack's HTTP mode listens on (SLACK_PORT=0 picks a free one). */
  slackPort?: number;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  log?: (line: string) => void;
  /** The engine to drive, from the composition root; the bot hands it its events. */
  runtime: (onEvent: (event: EngineEvent) => void) => Promise<Runtime>;
}

async function importSlack() {
  const [app, chat, listeners] = await Promise.all([
    import("./slack/slack-app.ts"),
    import("./slack/slack-chat.ts"),
    import("./slack/slack-listeners.ts"),
  ]);
  return { ...app, ...chat, ...listeners };
}

async function importDiscord() {
  const [client, chat, listeners] = await Promise.all([
    import("./discord/discord-client.ts"),
    import("./discord/discord-chat.ts"),
    import("./discord/discord-listeners.ts"),
  ]);
  return { ...client, ...chat, ...listeners };
}

/** How often every open thread is checked for work done by other processes. */
const TICK_MS = 5_000;

/**
 * `continuity bot`: starts whichever of Slack and Discord the configuration turns on, on one
 * engine (this process also works queued shots), with the daily summary and the escalation
 * timeout on the database's schedule, and picks up the threads of runs a previous bot left.
 */
export async function startBot(app: App, config: BotConfig, options: StartBotOptions): Promise<RunningBot> {
  const log = options.log ?? ((line: string) => process.stderr.write(`bot: ${line}\n`));
  const platforms = botPlatforms(config);
  let bot: Bot | undefined;
  // Engine events reach the bot once it exists; anything earlier is in the database, which the threads are synced from.
  const onEvent = (event: EngineEvent) => bot?.onEvent(event);
  const runtime = await options.runtime(onEvent);
  const chats: Partial<Record<Platform, ChatPort>> = {};
  let slack: { app: SlackApp; mode: string } | undefined;
  let discord: Client | undefined;
  let scheduler: BotScheduler | undefined;
  let timer: NodeJS.Timeout | undefined;
  let slackPort: number | undefined;
  try {
    // Each platform's SDK is imported only when the configuration turns that platform on.
    const slackModules = platforms.slack ? await importSlack() : undefined;
    const discordModules = platforms.discord ? await importDiscord() : undefined;
    if (slackModules) {
      const { createSlackApp, createSlackChat } = slackModules;
      slack = createSlackApp(config);
      const chat = createSlackChat(slack.app.client);
      await chat.identify();
      chats.slack = chat;
    }
    if (discordModules) {
      const { createDiscordClient, createDiscordChat } = discordModules;
      discord = createDiscordClient(config);
      const client = discord;
      chats.discord = createDiscordChat(client.rest, () => client.user?.id);
    }
    bot = createBot({ app, runtime, config, chats, log });
    if (slack) slackModules?.registerSlackListeners(slack.app, bot, log);
    if (discord) discordModules?.registerDiscordListeners(discord, bot, log);

    await runtime.startWorkers();
    scheduler = await startBotScheduler(
      await app.database(),
      app.config.DATABASE_URL,
      botJobs(bot, log),
      {},
      log,
    );
    if (slack?.mode === "http") {
      const server = (await slack.app.start(config.SLACK_PORT)) as Server;
      slackPort = (server.address() as AddressInfo).port;
    } else if (slack) await slack.app.start();
    if (discord) await discord.login(config.DISCORD_TOKEN);
    const running = bot;
    const tick = () =>
      running.threads.tick().catch((error) => log(`thread sync: ${(error as Error).message}`));
    await tick();
    timer = setInterval(tick, TICK_MS);
  } catch (error) {
    await slack?.app.stop().catch(() => {});
    await discord?.destroy();
    await scheduler?.stop();
    await runtime.close();
    throw error;
  }
  const running = bot;
  return {
    bot: running,
    runtime,
    platforms: [
      slack ? `slack (${slack.mode === "http" ? `HTTP on port ${slackPort}` : "Socket Mode"})` : "",
      discord ? "discord" : "",
    ].filter(Boolean),
    ...(slackPort !== undefined ? { slackPort } : {}),
    async stop() {
      clearInterval(timer);
      await slack?.app.stop().catch(() => {});
      await discord?.destroy();
      // Runs in progress are not waited for: they are in the database and the queue, and the next bot picks their threads up.
      await running.close(5_000);
      await scheduler?.stop();
      await runtime.close();
    },
  };
}
