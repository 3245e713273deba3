import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { writeDemoBible } from "../adapters/offline-studio/demo-bible/write-demo-bible.ts";
import { lockBible } from "../app/bible/check-bible.ts";
import { startBot } from "../bot/start-bot.ts";
import { loadConfig } from "../config.ts";
import { AppError } from "../core/app-error.ts";
import { composeApp } from "../main/compose/compose-app.ts";
import { composeRuntime } from "../main/compose/compose-runtime.ts";
import { fireSignedBurst } from "./signed-burst.ts";
import { startSlackWebApiStandIn } from "./slack-web-api-stand-in.ts";

export interface SlackAckFigure {
  requests: number;
  /** Acknowledged with HTTP 200 (anything else is a failed acknowledgement). */
  acknowledged: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The one command answered before the burst (a started bot's first command loads its modules). */
  firstMs: number;
  /** What the bot did after acknowledging, by Web API method. */
  webApiCalls: Record<string, number>;
}

const CHANNEL = "CBENCH";
const USER = "UBENCH";
/** Below one panel's price: every run halts at its first reservation, so the burst costs no media work. */
const BUDGET = "0.01";

/** Nearest rank: the smallest sample at or above the share `p` of all samples. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/** A /render slash command's form body, as Slack posts it, with a fresh trigger id. */
function renderCommand(index: number): string {
  return new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: "TBENCH",
    team_domain: "bench",
    channel_id: CHANNEL,
    channel_name: "bench",
    user_id: USER,
    user_name: "bench",
    command: "/render",
    text: `1A ${BUDGET}`,
    api_app_id: "ABENCH",
    is_enterprise_install: "false",
    response_url: "https://hooks.slack.invalid/commands/TBENCH/1/x",
    trigger_id: `bench-${index}-${randomBytes(4).toString("hex")}`,
  }).toString();
}

/**
 * The slash-command acknowledgement under load: the real bot (Bolt's HTTP receiver, the engine,
 * an embedded database with the demo bible locked) answers `requests` signed /render commands
 * sent at once; each is timed to its HTTP answer. The work after each acknowledgement (the run,
 * the channel post, the thread) goes on meanwhile, against a local Slack Web API stand-in.
 */
export async function slackAckFigure(dir: string, requests: number): Promise<SlackAckFigure> {
  const standIn = await startSlackWebApiStandIn();
  const secret = randomBytes(16).toString("hex");
  const config = loadConfig({
    CONTINUITY_DATA_DIR: dir,
    CONTINUITY_BIBLE: join(dir, "bible"),
    CONTINUITY_ARTIFACTS: join(dir, "artifacts"),
    CONTINUITY_STOP_FILE: join(dir, "STOP"),
    CONTINUITY_USER: "bench",
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: standIn.url,
    SLACK_PORT: "0",
    CONTINUITY_CHANNELS: CHANNEL,
  });
  const app = composeApp(config);
  try {
    const bible = app.openBible();
    await writeDemoBible(bible);
    await lockBible({ storage: bible, probe: app.probe, db: (await app.database()).db }, "bench");
    const running = await startBot(app, config, {
      log: () => {},
      runtime: (onEvent) => composeRuntime(app, onEvent),
    });
    try {
      const url = `http://127.0.0.1:${running.slackPort}/slack/events`;
      const [first] = await fireSignedBurst(url, secret, [renderCommand(0)]);
      if (first?.status !== 200)
        throw new AppError("INTERNAL", `the bot answered a signed /render with HTTP ${first?.status}`);
      const bodies = Array.from({ length: requests }, (_, index) => renderCommand(index + 1));
      const answers = await fireSignedBurst(url, secret, bodies);
      // Let the acknowledged work finish, so the Web API counts say what the bot did with each command.
      await Promise.race([running.bot.idle(), new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
      const sorted = answers.map((answer) => answer.ms).sort((a, b) => a - b);
      const round = (ms: number) => Math.round(ms * 10) / 10;
      return {
        requests,
        acknowledged: answers.filter((answer) => answer.status === 200).length,
        p50Ms: round(percentile(sorted, 0.5)),
        p99Ms: round(percentile(sorted, 0.99)),
        maxMs: round(sorted.at(-1) ?? Number.NaN),
        firstMs: round(first.ms),
        webApiCalls: Object.fromEntries(standIn.counts),
      };
    } finally {
      await running.stop();
    }
  } finally {
    await app.close();
    await standIn.close();
  }
}
