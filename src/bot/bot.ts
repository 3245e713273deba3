import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { resolve } from "node:path";
import type { App } from "../app/app.ts";
import type { EngineEvent } from "../app/engine/engine-deps.ts";
import type { Runtime } from "../app/runtime.ts";
import type { BotConfig } from "../config/bot-config.ts";
import type { BotContext, BotSettings } from "./bot-context.ts";
import { parseChannelTarget } from "./bot-platforms.ts";
import type { ChatPort, CommandReplies, Platform } from "./chat-port.ts";
import { postDailySummary } from "./daily-summary.ts";
import { dispatchCommand, type Invocation } from "./dispatch-command.ts";
import { handleReaction, type ReactionInput } from "./escalation-reactions.ts";
import { expireEscalations } from "./expire-escalations.ts";
import { createRunThreads, type RunThreads } from "./present/run-threads.ts";

export interface BotOptions {
  app: App;
  runtime: Runtime;
  config: BotConfig;
  chats: Partial<Record<Platform, ChatPort>>;
  /** Lease holder name of this process (default host, pid and a random tag). */
  owner?: string;
  /** How long a thread waits after a change before it is synced (default 1 s). */
  settleMs?: number;
  leaseSeconds?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

/** The platform-neutral bot: the adapters feed it commands, reactions and engine events. */
export interface Bot {
  readonly settings: BotSettings;
  readonly threads: RunThreads;
  /** The engine's progress: the run's thread is synced soon after. */
  onEvent(event: EngineEvent): void;
  command(invocation: Invocation, replies: CommandReplies): Promise<void>;
  reaction(input: ReactionInput): Promise<void>;
  /** Posts today's spend to the summary channel unless it was posted already; false when not posted. */
  dailySummary(): Promise<boolean>;
  /** Rejects escalations nobody decided in time. */
  expireEscalations(): Promise<string[]>;
  /** Resolves when no acknowledged command is still being worked on and every thread is synced. */
  idle(): Promise<void>;
  /** Stops answering: work still going after `graceMs` is left to the database, silently. */
  close(graceMs: number): Promise<void>;
}

export function botSettings(config: BotConfig, app: App, runtime: Runtime): BotSettings {
  return {
    approvers: config.CONTINUITY_APPROVERS,
    channels: config.CONTINUITY_CHANNELS,
    allowSelfApproval: runtime.defaults.allowSelfApproval,
    timezone: runtime.defaults.timezone,
    stopFile: resolve(app.config.CONTINUITY_STOP_FILE),
    escalationTimeoutMinutes: config.CONTINUITY_ESCALATION_TIMEOUT_MINUTES,
    summary: config.CONTINUITY_SUMMARY_CHANNEL
      ? { target: parseChannelTarget(config.CONTINUITY_SUMMARY_CHANNEL), ...config.CONTINUITY_SUMMARY_TIME }
      : undefined,
  };
}

export function createBot(options: BotOptions): Bot {
  const { runtime } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`bot: ${line}\n`));
  const now = options.now ?? (() => new Date());
  const settings = botSettings(options.config, options.app, runtime);
  const threads = createRunThreads({
    db: runtime.deps.db,
    artifacts: runtime.deps.artifacts,
    media: runtime.deps.media,
    chats: options.chats,
    approvers: settings.approvers,
    allowSelfApproval: settings.allowSelfApproval,
    timeoutMinutes: settings.escalationTimeoutMinutes,
    owner: options.owner ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`,
    ...(options.leaseSeconds !== undefined ? { leaseSeconds: options.leaseSeconds } : {}),
    ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
    log,
  });
  const working = new Set<Promise<unknown>>();
  let closing = false;
  const ctx: BotContext = {
    app: options.app,
    runtime,
    settings,
    chats: options.chats,
    threads,
    now,
    log,
    closing: () => closing,
    track(work) {
      const tracked = work.finally(() => working.delete(tracked));
      working.add(tracked);
    },
  };
  async function idle() {
    while (working.size > 0) {
      await Promise.allSettled([...working]);
      await threads.idle();
    }
    await threads.idle();
  }
  return {
    settings,
    threads,
    onEvent(event) {
      if (event.type !== "spend") threads.touch(event.runId);
    },
    command: (invocation, replies) => dispatchCommand(ctx, invocation, replies),
    reaction: (input) => handleReaction(ctx, input),
    async dailySummary() {
      const target = settings.summary?.target;
      const chat = target ? options.chats[target.platform] : undefined;
      if (!target || !chat) return false;
      return postDailySummary({
        db: runtime.deps.db,
        chat,
        channel: target.channel,
        timezone: settings.timezone,
        now: now(),
      });
    },
    expireEscalations: () => expireEscalations(ctx, now()),
    idle,
    async close(graceMs) {
      closing = true;
      await Promise.race([idle(), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}
