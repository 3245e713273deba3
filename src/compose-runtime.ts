import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { GoogleGenAI } from "@google/genai";
import type { z } from "zod";
import { createFfmpegMediaTools } from "./adapters/ffmpeg/ffmpeg-media-tools.ts";
import { createFreeTier } from "./adapters/free-tier/create-free-tier.ts";
import { createGeminiImageModel } from "./adapters/gemini/gemini-image-model.ts";
import { createGeminiJudge } from "./adapters/gemini/gemini-judge.ts";
import { createVeoVideoModel } from "./adapters/gemini/veo-video-model.ts";
import { createPgBossJobQueue } from "./adapters/job-queue/pg-boss-job-queue.ts";
import { createPixelJudge } from "./adapters/offline-judge/pixel-judge.ts";
import { createLocalImageModel } from "./adapters/offline-studio/local-image-model.ts";
import { createLocalVideoModel } from "./adapters/offline-studio/local-video-model.ts";
import { createSeedanceVideoModel } from "./adapters/seedance/seedance-video-model.ts";
import { createSharpCastSheet } from "./adapters/sharp-cast-sheet.ts";
import { createSystemClock } from "./adapters/system-clock.ts";
import type { EngineEvent } from "./app/engine/engine-deps.ts";
import { createKillSwitch } from "./app/engine/kill-switch.ts";
import { createRuntime, type Runtime } from "./app/runtime.ts";
import type { App } from "./compose.ts";
import type { Config } from "./config.ts";
import { AppError } from "./core/app-error.ts";
import { formatPath } from "./core/manifest.ts";
import {
  type CapabilityTable,
  capabilityTableSchema,
  DEFAULT_CAPABILITY_TABLE,
} from "./core/model-capabilities.ts";
import { DEFAULT_PRICE_TABLE, type PriceTable, priceTableSchema } from "./core/prices.ts";
import type { ImageModel } from "./ports/image-model.ts";
import type { Judge } from "./ports/judge.ts";
import type { LocalChecks } from "./ports/local-checks.ts";
import type { VideoModel } from "./ports/video-model.ts";

/** Fault logs of the offline providers: what they got wrong on purpose, for the benchmark only. */
export interface FaultSinks {
  panel?: (record: {
    sceneId: string;
    shotId: string;
    frame: "start" | "end";
    attempt: number;
    fault: string | null;
  }) => void;
  video?: (record: { sceneId: string; shotId: string; attempt: number; fault: string | null }) => void;
}

/** A JSON table from a file named by a variable, validated; every problem names the file and the field path. */
function loadTable<T>(variable: string, path: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new AppError(
      "CONFIG_INVALID",
      `${variable}: cannot read ${path} as JSON (${(error as Error).message})`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      "CONFIG_INVALID",
      `${variable}: ${path}: ${parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

export function loadPriceTable(path: string | undefined): PriceTable {
  return path ? loadTable("CONTINUITY_PRICES", path, priceTableSchema) : DEFAULT_PRICE_TABLE;
}

export function loadCapabilityTable(path: string | undefined): CapabilityTable {
  return path ? loadTable("CONTINUITY_MODELS", path, capabilityTableSchema) : DEFAULT_CAPABILITY_TABLE;
}

function geminiClient(config: Config): GoogleGenAI {
  if (!config.GEMINI_API_KEY)
    throw new AppError(
      "CONFIG_INVALID",
      "GEMINI_API_KEY is required when a role's provider is gemini or veo",
    );
  return new GoogleGenAI({
    apiKey: config.GEMINI_API_KEY,
    httpOptions: {
      apiVersion: "v1beta",
      ...(config.GEMINI_BASE_URL ? { baseUrl: config.GEMINI_BASE_URL } : {}),
    },
  });
}

function pickProviders(
  config: Config,
  ffmpegPath: string,
  faults: FaultSinks,
): { imageModel: ImageModel; judge: Judge; videoModel: VideoModel } {
  const redact = config.GEMINI_API_KEY ? [config.GEMINI_API_KEY] : [];
  const imageModel =
    config.CONTINUITY_PANEL_PROVIDER === "gemini"
      ? createGeminiImageModel({ client: geminiClient(config), model: config.CONTINUITY_PANEL_MODEL, redact })
      : createLocalImageModel({
          seed: config.CONTINUITY_LOCAL_SEED,
          faultRate: config.CONTINUITY_LOCAL_FAULT_RATE,
          ...(faults.panel ? { onFault: faults.panel } : {}),
        });
  const judge =
    config.CONTINUITY_JUDGE_PROVIDER === "gemini"
      ? createGeminiJudge({ client: geminiClient(config), model: config.CONTINUITY_JUDGE_MODEL, redact })
      : createPixelJudge();
  let videoModel: VideoModel;
  if (config.CONTINUITY_VIDEO_PROVIDER === "veo") {
    videoModel = createVeoVideoModel({
      client: geminiClient(config),
      model: config.CONTINUITY_VEO_MODEL,
      apiKey: config.GEMINI_API_KEY as string,
      ...(config.GEMINI_BASE_URL ? { keyedDownloadOrigins: [new URL(config.GEMINI_BASE_URL).origin] } : {}),
    });
  } else if (config.CONTINUITY_VIDEO_PROVIDER === "seedance") {
    if (!config.SEEDANCE_API_KEY)
      throw new AppError(
        "CONFIG_INVALID",
        "SEEDANCE_API_KEY is required when CONTINUITY_VIDEO_PROVIDER=seedance",
      );
    videoModel = createSeedanceVideoModel({
      baseUrl: config.SEEDANCE_BASE_URL,
      apiKey: config.SEEDANCE_API_KEY,
      model: config.CONTINUITY_SEEDANCE_MODEL,
    });
  } else {
    videoModel = createLocalVideoModel({
      ffmpegPath,
      seed: config.CONTINUITY_LOCAL_SEED,
      faultRate: config.CONTINUITY_LOCAL_VIDEO_FAULT_RATE,
      stateDir: resolve(config.CONTINUITY_DATA_DIR, "local-video"),
      ...(faults.video ? { onFault: faults.video } : {}),
    });
  }
  return { imageModel, judge, videoModel };
}

export interface RuntimeOptions {
  /** The offline providers' fault logs (the benchmark compares them with the verdicts). */
  faults?: FaultSinks;
  /** Wraps the chosen judge and free tier: the benchmark's "validate only the video" variant. */
  wrapValidation?: (validation: { judge: Judge; localChecks: LocalChecks }) => {
    judge: Judge;
    localChecks: LocalChecks;
  };
}

/** The engine with the adapters configuration asks for: the one place that picks them. */
export async function composeRuntime(
  app: App,
  onEvent: (event: EngineEvent) => void,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const { config } = app;
  const database = await app.database();
  const ffmpegPath = (await import("@ffmpeg-installer/ffmpeg")).default.path;
  const { imageModel, videoModel, ...chosen } = pickProviders(config, ffmpegPath, options.faults ?? {});
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
  const queue = await createPgBossJobQueue(database, { connectionString: config.DATABASE_URL });
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
