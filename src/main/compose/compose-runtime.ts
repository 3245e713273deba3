import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { createKillSwitch } from "../../adapters/stop-file-kill-switch.ts";
import { createSystemClock } from "../../adapters/system-clock.ts";
import type { App } from "../../app/app.ts";
import type { EngineEvent } from "../../app/engine/engine-deps.ts";
import { createRuntime, type Runtime } from "../../app/runtime.ts";
import type { Judge } from "../../ports/judge.ts";
import type { LocalChecks } from "../../ports/local-checks.ts";
import { lazyJobQueue } from "./lazy-job-queue.ts";
import { type FaultSinks, pickProviders } from "./pick-providers.ts";
import { loadCapabilityTable, loadPriceTable } from "./price-tables.ts";

export interface RuntimeOptions {
  /**
   * "now" (the default) starts the job queue before the runtime is handed out, so a queue that
   * cannot start fails the command before it records anything; "on-first-use" is for commands
   * that never enqueue (estimate, models, audit, validate): they then never load pg-boss.
   */
  queueStart?: "now" | "on-first-use";
  /** The offline providers' fault logs (the benchmark compares them with the verdicts). */
  faults?: FaultSinks;
  /** Wraps the chosen judge and free tier: the benchmark's "validate only the video" variant. */
  wrapValidation?: (validation: { judge: Judge; localChecks: LocalChecks }) => {
    judge: Judge;
    localChecks: LocalChecks;
  };
}

/**
 * The engine with the adapters configuration asks for (with compose-app.ts the only code that
 * picks adapters). Each adapter module is imported here, when picked, so its SDK loads only then.
 */
export async function composeRuntime(
  app: App,
  onEvent: (event: EngineEvent) => void,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const { config } = app;
  const database = await app.database();
  const ffmpegPath = (await import("@ffmpeg-installer/ffmpeg")).default.path;
  const { imageModel, videoModel, ...chosen } = await pickProviders(config, ffmpegPath, options.faults ?? {});
  const [{ createFreeTier }, { createFfmpegMediaTools }, { createSharpCastSheet }] = await Promise.all([
    import("../../adapters/free-tier/create-free-tier.ts"),
    import("../../adapters/ffmpeg/ffmpeg-media-tools.ts"),
    import("../../adapters/sharp-cast-sheet.ts"),
  ]);
  // Location by pixels may decide only on the offline studio's own drawings (panels and the
  // keyframes of clips made from them); on any real model's output it is advisory.
  const studioArtifacts =
    config.CONTINUITY_PANEL_PROVIDER === "local" && config.CONTINUITY_VIDEO_PROVIDER === "local";
  const validation = { judge: chosen.judge, localChecks: createFreeTier({ studioArtifacts }) };
  const { judge, localChecks } = options.wrapValidation?.(validation) ?? validation;
  const providers = { imageModel, videoModel, judge };
  const stopFile = resolve(config.CONTINUITY_STOP_FILE);
  // Everything that can be wrong in configuration is read before the queue starts polling: a
  // started queue left behind by a failed start-up keeps the process alive for ever.
  const prices = loadPriceTable(config.CONTINUITY_PRICES);
  const capabilities = loadCapabilityTable(config.CONTINUITY_MODELS);
  const queue = lazyJobQueue(database, config.DATABASE_URL);
  if (options.queueStart !== "on-first-use") await queue.start();
  return createRuntime({
    deps: {
      db: database.db,
      bible: app.openBible(),
      artifacts: app.artifacts(),
      ...providers,
      localChecks,
      media: createFfmpegMediaTools({ ffmpegPath }),
      castSheets: createSharpCastSheet(),
      clock: createSystemClock(),
      prices,
      dayCap: config.CONTINUITY_DAILY_CAP_USD,
      capabilities,
      killSwitch: createKillSwitch({ db: database.db, stopFile }),
      workerId: `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`,
      leaseSeconds: config.CONTINUITY_LEASE_SECONDS,
      pollIntervalMs: providers.videoModel.simulated ? 200 : 5000,
      callTries: 3,
      judgeBorder: config.CONTINUITY_JUDGE_BORDER,
      onEvent,
    },
    queue,
    probe: app.probe,
    defaults: {
      cap: config.CONTINUITY_RUN_CAP_USD,
      dayCap: config.CONTINUITY_DAILY_CAP_USD,
      maxAttempts: config.CONTINUITY_MAX_ATTEMPTS,
      noProgressWindow: config.CONTINUITY_NO_PROGRESS_WINDOW,
      thresholds: config.CONTINUITY_THRESHOLDS,
      width: config.CONTINUITY_FRAME_SIZE.width,
      height: config.CONTINUITY_FRAME_SIZE.height,
      timezone: config.CONTINUITY_TIMEZONE,
      concurrency: config.CONTINUITY_CONCURRENCY,
      allowSelfApproval: config.CONTINUITY_ALLOW_SELF_APPROVAL,
      durationPolicy: config.CONTINUITY_DURATION_POLICY,
    },
  });
}
