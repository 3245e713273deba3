import { resolve } from "node:path";
import type { GoogleGenAI } from "@google/genai";
import type { Config } from "../../config.ts";
import { AppError } from "../../core/app-error.ts";
import type { ImageModel } from "../../ports/image-model.ts";
import type { Judge } from "../../ports/judge.ts";
import type { VideoModel } from "../../ports/video-model.ts";

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

/** One Gemini client for every role that uses it; the SDK is imported only then. */
function geminiClients(config: Config): () => Promise<GoogleGenAI> {
  let client: Promise<GoogleGenAI> | undefined;
  return () => {
    if (!config.GEMINI_API_KEY)
      throw new AppError(
        "CONFIG_INVALID",
        "GEMINI_API_KEY is required when a role's provider is gemini or veo",
      );
    const apiKey = config.GEMINI_API_KEY;
    client ??= import("@google/genai").then(
      ({ GoogleGenAI }) =>
        new GoogleGenAI({
          apiKey,
          httpOptions: {
            apiVersion: "v1beta",
            ...(config.GEMINI_BASE_URL ? { baseUrl: config.GEMINI_BASE_URL } : {}),
          },
        }),
    );
    return client;
  };
}

async function pickImageModel(config: Config, gemini: () => Promise<GoogleGenAI>, faults: FaultSinks) {
  if (config.CONTINUITY_PANEL_PROVIDER === "gemini") {
    const client = await gemini();
    const { createGeminiImageModel } = await import("../../adapters/gemini/gemini-image-model.ts");
    const redact = config.GEMINI_API_KEY ? [config.GEMINI_API_KEY] : [];
    return createGeminiImageModel({ client, model: config.CONTINUITY_PANEL_MODEL, redact });
  }
  const { createLocalImageModel } = await import("../../adapters/offline-studio/local-image-model.ts");
  return createLocalImageModel({
    seed: config.CONTINUITY_LOCAL_SEED,
    faultRate: config.CONTINUITY_LOCAL_FAULT_RATE,
    ...(faults.panel ? { onFault: faults.panel } : {}),
  });
}

async function pickJudge(config: Config, gemini: () => Promise<GoogleGenAI>): Promise<Judge> {
  if (config.CONTINUITY_JUDGE_PROVIDER === "gemini") {
    const client = await gemini();
    const { createGeminiJudge } = await import("../../adapters/gemini/gemini-judge.ts");
    const redact = config.GEMINI_API_KEY ? [config.GEMINI_API_KEY] : [];
    return createGeminiJudge({ client, model: config.CONTINUITY_JUDGE_MODEL, redact });
  }
  const { createPixelJudge } = await import("../../adapters/offline-judge/pixel-judge.ts");
  return createPixelJudge();
}

async function pickVideoModel(
  config: Config,
  gemini: () => Promise<GoogleGenAI>,
  ffmpegPath: string,
  faults: FaultSinks,
): Promise<VideoModel> {
  if (config.CONTINUITY_VIDEO_PROVIDER === "veo") {
    const client = await gemini();
    const { createVeoVideoModel } = await import("../../adapters/gemini/veo-video-model.ts");
    return createVeoVideoModel({
      client,
      model: config.CONTINUITY_VEO_MODEL,
      apiKey: config.GEMINI_API_KEY as string,
      ...(config.GEMINI_BASE_URL ? { keyedDownloadOrigins: [new URL(config.GEMINI_BASE_URL).origin] } : {}),
    });
  }
  if (config.CONTINUITY_VIDEO_PROVIDER === "seedance") {
    if (!config.SEEDANCE_API_KEY)
      throw new AppError(
        "CONFIG_INVALID",
        "SEEDANCE_API_KEY is required when CONTINUITY_VIDEO_PROVIDER=seedance",
      );
    const { createSeedanceVideoModel } = await import("../../adapters/seedance/seedance-video-model.ts");
    return createSeedanceVideoModel({
      baseUrl: config.SEEDANCE_BASE_URL,
      apiKey: config.SEEDANCE_API_KEY,
      model: config.CONTINUITY_SEEDANCE_MODEL,
    });
  }
  const { createLocalVideoModel } = await import("../../adapters/offline-studio/local-video-model.ts");
  return createLocalVideoModel({
    ffmpegPath,
    seed: config.CONTINUITY_LOCAL_SEED,
    faultRate: config.CONTINUITY_LOCAL_VIDEO_FAULT_RATE,
    stateDir: resolve(config.CONTINUITY_DATA_DIR, "local-video"),
    ...(faults.video ? { onFault: faults.video } : {}),
  });
}

/** The three providers configuration asks for; each adapter (and its SDK) is imported only when picked. */
export async function pickProviders(
  config: Config,
  ffmpegPath: string,
  faults: FaultSinks,
): Promise<{ imageModel: ImageModel; judge: Judge; videoModel: VideoModel }> {
  const gemini = geminiClients(config);
  const imageModel = await pickImageModel(config, gemini, faults);
  const judge = await pickJudge(config, gemini);
  const videoModel = await pickVideoModel(config, gemini, ffmpegPath, faults);
  return { imageModel, judge, videoModel };
}
