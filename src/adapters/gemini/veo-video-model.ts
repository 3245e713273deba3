import { GenerateVideosOperation, type GoogleGenAI } from "@google/genai";
import { ProviderError } from "../../core/provider-error.ts";
import type { VideoModel, VideoRequest, VideoStatus } from "../../ports/video-model.ts";
import { classifyFailure } from "../http/classify-http-error.ts";
import { deadline, throwIfCancelled } from "../http/deadline.ts";
import { downloadBytes } from "../http/download-bytes.ts";
import { decodeOperationRef, encodeOperationRef } from "../http/operation-ref.ts";
import { scrubSecrets } from "../http/scrub-secrets.ts";

export interface VeoVideoModelOptions {
  client: GoogleGenAI;
  model: string;
  /** Only for downloading the finished file, which the Gemini API serves behind the same key. */
  apiKey: string;
  fetch?: typeof fetch;
  submitTimeoutMs?: number;
  pollTimeoutMs?: number;
  downloadTimeoutMs?: number;
  /**
   * Origins the key may be sent to when downloading. A video uri anywhere else (a signed storage
   * URL) is fetched without it, so a surprising uri can never collect the key.
   */
  keyedDownloadOrigins?: readonly string[];
}

/**
 * Veo on the Gemini API: predictLongRunning, then operations polling. The start panel is the
 * first frame; in Frames mode the end panel is `lastFrame`.
 */
export function createVeoVideoModel(options: VeoVideoModelOptions): VideoModel {
  const { client, model, apiKey } = options;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const keyedOrigins = new Set(options.keyedDownloadOrigins ?? ["https://generativelanguage.googleapis.com"]);
  const context = { provider: "veo", secrets: [apiKey] };

  async function start(request: VideoRequest): Promise<{ operationId: string }> {
    throwIfCancelled(request.signal, "veo");
    // Veo takes whole seconds; no clamping here, the provider's own 400 names the allowed values.
    const durationSeconds = Math.round(request.durationSeconds);
    const limit = deadline(request.signal, options.submitTimeoutMs ?? 60_000);
    let operation: GenerateVideosOperation;
    try {
      operation = await client.models.generateVideos({
        model,
        // `source` rather than top-level prompt/image: 2.32 deprecates the latter with a console warning.
        source: {
          prompt: request.prompt,
          image: {
            imageBytes: request.startPanel.bytes.toString("base64"),
            mimeType: request.startPanel.mime,
          },
        },
        config: {
          numberOfVideos: 1,
          durationSeconds,
          aspectRatio: request.width >= request.height ? "16:9" : "9:16",
          // Veo 2 rejects `resolution`; 720p is every model's default, so only ask for more.
          ...(Math.min(request.width, request.height) >= 1080 ? { resolution: "1080p" } : {}),
          ...(request.endPanel
            ? {
                lastFrame: {
                  imageBytes: request.endPanel.bytes.toString("base64"),
                  mimeType: request.endPanel.mime,
                },
              }
            : {}),
          abortSignal: limit.signal,
        },
      });
    } catch (error) {
      throw classifyFailure(error, { ...context, phase: "submit", timedOut: limit.timedOut() });
    } finally {
      limit.dispose();
    }
    if (!operation.name) {
      // The provider answered but gave nothing to poll: the job may exist, so this is uncertain.
      throw new ProviderError(
        "PROVIDER_MALFORMED_RESPONSE",
        "veo: the submission returned no operation name",
        "uncertain",
      );
    }
    return { operationId: encodeOperationRef(operation.name, durationSeconds) };
  }

  async function status(operationId: string, signal: AbortSignal): Promise<VideoStatus> {
    throwIfCancelled(signal, "veo");
    const { providerId, durationSeconds } = decodeOperationRef(operationId);
    // getVideosOperation only needs the name, but it calls the instance's _fromAPIResponse, so a
    // plain object will not do.
    const pending = new GenerateVideosOperation();
    pending.name = providerId;

    const limit = deadline(signal, options.pollTimeoutMs ?? 60_000);
    let operation: GenerateVideosOperation;
    try {
      operation = await client.operations.getVideosOperation({
        operation: pending,
        config: { abortSignal: limit.signal },
      });
    } catch (error) {
      throw classifyFailure(error, { ...context, phase: "poll", timedOut: limit.timedOut() });
    } finally {
      limit.dispose();
    }

    if (!operation.done) return { state: "running" };
    if (operation.error) {
      const message =
        typeof operation.error.message === "string" ? operation.error.message : "operation failed";
      const code = operation.error.code !== undefined ? ` (code ${String(operation.error.code)})` : "";
      return {
        state: "failed",
        reason: scrubSecrets(`veo: ${message}${code}`, context.secrets),
        filtered: false,
      };
    }
    const response = operation.response;
    if ((response?.raiMediaFilteredCount ?? 0) > 0) {
      const reasons = response?.raiMediaFilteredReasons?.join("; ") || "no reason given";
      return {
        state: "failed",
        reason: `veo: filtered by the provider's safety checks: ${reasons}`,
        filtered: true,
      };
    }
    const video = response?.generatedVideos?.[0]?.video;
    if (!video?.videoBytes && !video?.uri) {
      return { state: "failed", reason: "veo: the operation finished without a video", filtered: false };
    }

    const bytes = video.videoBytes
      ? Buffer.from(video.videoBytes, "base64")
      : (
          await downloadBytes({
            fetch: fetchFn,
            url: video.uri as string,
            headers: keyedOrigins.has(new URL(video.uri as string).origin)
              ? { "x-goog-api-key": apiKey }
              : {},
            signal,
            timeoutMs: options.downloadTimeoutMs ?? 300_000,
            context,
          })
        ).bytes;
    // An id without the duration (not made by start) reports no seconds, so the governor settles
    // on its estimate instead of on a made-up number.
    return {
      state: "succeeded",
      video: bytes,
      durationSeconds: durationSeconds ?? 0,
      usage: durationSeconds !== undefined ? { seconds: durationSeconds } : {},
    };
  }

  return { provider: "veo", modelId: model, simulated: false, start, status };
}
