import { setTimeout as delay } from "node:timers/promises";
import { findRun, type RunRow } from "../../db/queries/runs.ts";
import type { App } from "../../src/app/app.ts";
import { type Bot, createBot } from "../../src/bot/bot.ts";
import type { ChatPort, Platform } from "../../src/bot/chat-port.ts";
import { type BotConfig, botConfigSchema } from "../../src/config/bot-config.ts";
import type { Config } from "../../src/config.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";
import type { StudioScript } from "../helpers/scripted-studio.ts";

/** The App the bot needs beside the runtime (/bible reads through it), over the harness's parts. */
export function harnessApp(harness: Harness): App {
  return {
    config: { CONTINUITY_STOP_FILE: harness.stopFile } as Config,
    probe: harness.runtime.probe,
    database: async () => harness.testDb.database,
    openBible: () => harness.bible,
    artifacts: () => harness.runtime.deps.artifacts,
    close: async () => {},
  };
}

export function botConfig(env: Record<string, string>): BotConfig {
  return botConfigSchema.parse(env);
}

/** A scripted studio whose S1 panels are always off-model: two attempts, then an escalation. */
export const ESCALATING: StudioScript = { panel: (shotId) => (shotId === "S1" ? "off-model" : "good") };

/**
 * A real pipeline (PGlite, scripted providers, one shot S1) with a bot on top: the engine's
 * events go to the bot exactly as composeRuntime's onEvent would send them.
 */
export async function createBotHarness(input: {
  config: BotConfig;
  chats: Partial<Record<Platform, ChatPort>>;
  script?: StudioScript;
  now?: () => Date;
}): Promise<{ harness: Harness; bot: Bot }> {
  const harness = await createHarness("pglite", {
    shots: 1,
    script: input.script ?? ESCALATING,
    defaults: { maxAttempts: 2 },
  });
  const bot = createBot({
    app: harnessApp(harness),
    runtime: harness.runtime,
    config: input.config,
    chats: input.chats,
    settleMs: 0,
    log: () => {},
    ...(input.now ? { now: input.now } : {}),
  });
  harness.runtime.deps.onEvent = (event) => {
    harness.events.push(event);
    bot.onEvent(event);
  };
  await harness.runtime.startWorkers();
  return { harness, bot };
}

/** Waits until a run reaches one of `statuses`, then until the bot has posted everything. */
export async function waitForRunStatus(
  harness: Harness,
  bot: Bot,
  runId: string,
  statuses: string[],
): Promise<RunRow> {
  for (let tries = 0; tries < 600; tries++) {
    const run = await findRun(harness.runtime.deps.db, runId);
    if (run && statuses.includes(run.status)) {
      await bot.idle();
      return run;
    }
    await delay(50);
  }
  throw new Error(`run ${runId} never reached ${statuses.join("/")}`);
}

/** Polls until `check` holds (the bot answers after acknowledging, so tests wait for its posts). */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}
