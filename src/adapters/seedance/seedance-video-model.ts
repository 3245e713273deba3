import type { z } from "zod";
import { ProviderError } from "../../core/provider-error.ts";
import type { VideoModel, VideoRequest, VideoStatus } from "../../ports/video-model.ts";
import { type CallPhase, classifyFailure, classifyHttpFailure } from "../http/classify-http-error.ts";
import { deadline, throwIfCancelled } from "../http/deadline.ts";
import { downloadBytes } from "../http/download-bytes.ts";
import { decodeOperationRef, encodeOperationRef } from "../http/operation-ref.ts";
import { scrubSecrets } from "../http/scrub-secrets.ts";
import {
  createdTaskSchema,
  createTaskBody,
  defaultParameterStyle,
  type SeedanceParameterStyle,
  type SeedanceTask,
  TASKS_PATH,
  taskSchema,
} from "./seedance-task.ts";

export interface SeedanceVideoModelOptions {
  /** e.g. https://ark.ap-southeast.bytepluses.com (without /api/v3). */
  baseUrl: string;
  apiKey: string;
  model: string;
  fetch?: typeof fetch;
  parameterStyle?: SeedanceParameterStyle;
  submitTimeoutMs?: number;
  pollTimeoutMs?: number;
  downloadTimeoutMs?: number;
}

/** Content moderation failures (e.g. OutputVideoSensitiveContentDetected). */
const FILTERED_CODE = /Sensitive|Moderation|RiskControl/i;

/** Seedance over plain fetch: one task per clip, polled until it settles. */
export function createSeedanceVideoModel(options: SeedanceVideoModelOptions): VideoModel {
  const { apiKey, model } = options;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const base = options.baseUrl.replace(/\/+$/, "");
  const style = options.parameterStyle ?? defaultParameterStyle(model);
  const context = { provider: "seedance", secrets: [apiKey] };

  async function callJson<T>(
    phase: CallPhase,
    url: string,
    init: { method: "GET" | "POST"; body?: string },
    signal: AbortSignal,
    timeoutMs: number,
    schema: z.ZodType<T>,
  ): Promise<T> {
    const limit = deadline(signal, timeoutMs);
    try {
      const response = await fetchFn(url, {
        ...init,
        headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
        signal: limit.signal,
      });
      const text = await response.text();
      if (!response.ok) {
        throw classifyHttpFailure(
          { status: response.status, headers: response.headers, body: text },
          { ...context, phase },
        );
      }
      const parsed = schema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        throw new ProviderError(
          "PROVIDER_MALFORMED_RESPONSE",
          `seedance: unexpected answer shape: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`,
          phase === "submit" ? "uncertain" : "retryable",
        );
      }
      return parsed.data;
    } catch (error) {
      throw classifyFailure(error, { ...context, phase, timedOut: limit.timedOut() });
    } finally {
      limit.dispose();
    }
  }

  async function start(request: VideoRequest): Promise<{ operationId: string }> {
    throwIfCancelled(request.signal, "seedance");
    const body = createTaskBody(model, request, style);
    const created = await callJson(
      "submit",
      `${base}${TASKS_PATH}`,
      { method: "POST", body: JSON.stringify(body) },
      request.signal,
      options.submitTimeoutMs ?? 60_000,
      createdTaskSchema,
    );
    return { operationId: encodeOperationRef(created.id, Math.round(request.durationSeconds)) };
  }

  async function status(operationId: string, signal: AbortSignal): Promise<VideoStatus> {
    throwIfCancelled(signal, "seedance");
    const { providerId, durationSeconds } = decodeOperationRef(operationId);
    const task = await callJson(
      "poll",
      `${base}${TASKS_PATH}/${encodeURIComponent(providerId)}`,
      { method: "GET" },
      signal,
      options.pollTimeoutMs ?? 60_000,
      taskSchema,
    );
    switch (task.status) {
      case "queued":
      case "running":
        return { state: "running" };
      case "succeeded":
        return succeeded(task, durationSeconds, signal);
      case "failed": {
        const code = task.error?.code;
        const message = task.error?.message ?? "no reason given";
        return {
          state: "failed",
          reason: scrubSecrets(`seedance: ${code ? `${code}: ` : ""}${message}`, context.secrets),
          filtered: code !== undefined && FILTERED_CODE.test(code),
        };
      }
      case "cancelled":
        return { state: "failed", reason: "seedance: the task was cancelled", filtered: false };
      case "expired":
        return { state: "failed", reason: "seedance: the task expired before it ran", filtered: false };
      default:
        throw new ProviderError(
          "PROVIDER_MALFORMED_RESPONSE",
          `seedance: unknown task status "${task.status}"`,
          "retryable",
        );
    }
  }

  async function succeeded(
    task: SeedanceTask,
    requestedSeconds: number | undefined,
    signal: AbortSignal,
  ): Promise<VideoStatus> {
    const url = task.content?.video_url;
    if (!url)
      return { state: "failed", reason: "seedance: the task succeeded without a video_url", filtered: false };
    // video_url is a pre-signed storage URL: it needs no credentials and must not get ours.
    const { bytes } = await downloadBytes({
      fetch: fetchFn,
      url,
      signal,
      timeoutMs: options.downloadTimeoutMs ?? 300_000,
      context,
    });
    const seconds = task.duration ?? requestedSeconds;
    const usage: { outputTokens?: number; seconds?: number } = {};
    if (task.usage?.completion_tokens !== undefined) usage.outputTokens = task.usage.completion_tokens;
    if (seconds !== undefined) usage.seconds = seconds;
    return { state: "succeeded", video: bytes, durationSeconds: seconds ?? 0, usage };
  }

  return { provider: "seedance", modelId: model, simulated: false, start, status };
}
