import type { App } from "../app/app.ts";
import type { Runtime } from "../app/runtime.ts";
import type { AccessRules } from "./authorise.ts";
import type { ChannelTarget } from "./bot-platforms.ts";
import type { ChatPort, Platform } from "./chat-port.ts";
import type { RunThreads } from "./present/run-threads.ts";

/** The bot's rules, from configuration and the runtime's defaults. */
export interface BotSettings extends AccessRules {
  allowSelfApproval: boolean;
  timezone: string;
  stopFile: string;
  escalationTimeoutMinutes: number;
  summary: { target: ChannelTarget; hour: number; minute: number } | undefined;
}

/** What every bot handler works with; built once per bot by `createBot`, never a module singleton. */
export interface BotContext {
  app: App;
  runtime: Runtime;
  settings: BotSettings;
  chats: Partial<Record<Platform, ChatPort>>;
  threads: RunThreads;
  now: () => Date;
  log: (line: string) => void;
  /** True once the bot is shutting down: failures of abandoned work are not reported to users. */
  closing: () => boolean;
  /** Work that goes on after a command was acknowledged; `Bot.idle` waits for it. */
  track(work: Promise<unknown>): void;
}
