import type { GenerateContentResponse, GenerateContentResponseUsageMetadata, Part } from "@google/genai";
import { ProviderError } from "../../core/provider-error.ts";
import type { ModelUsage } from "../../ports/image-model.ts";
import { scrubSecrets } from "../http/scrub-secrets.ts";

/**
 * Reading a generateContent answer that has no usable output. A refusal for content reasons
 * will refuse again (terminal); an answer that simply came back without the image or JSON we
 * asked for (text only, no candidates, NO_IMAGE) may well succeed next time (retryable).
 */

/** Candidate finish reasons that mean a policy filter stopped the output. */
const BLOCKING_FINISH_REASONS = new Set([
  "SAFETY",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "RECITATION",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

export interface GeminiCallContext {
  provider: string;
  secrets: readonly string[];
}

/** Throws a terminal PROVIDER_SAFETY_BLOCK when the prompt or the first candidate was blocked. */
export function throwIfBlocked(response: GenerateContentResponse, context: GeminiCallContext): void {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) {
    const message = response.promptFeedback?.blockReasonMessage;
    throw new ProviderError(
      "PROVIDER_SAFETY_BLOCK",
      `${context.provider}: the prompt was blocked (${blockReason})${message ? `: ${scrubSecrets(message, context.secrets)}` : ""}`,
      "terminal",
      undefined,
      { provider: context.provider, blockReason },
    );
  }
  const candidate = response.candidates?.[0];
  const finishReason = candidate?.finishReason;
  if (finishReason && BLOCKING_FINISH_REASONS.has(finishReason)) {
    const message = candidate?.finishMessage;
    throw new ProviderError(
      "PROVIDER_SAFETY_BLOCK",
      `${context.provider}: the output was blocked (${finishReason})${message ? `: ${scrubSecrets(message, context.secrets)}` : ""}`,
      "terminal",
      undefined,
      { provider: context.provider, finishReason },
    );
  }
}

/** The first candidate's parts, without thought summaries. */
export function answerParts(response: GenerateContentResponse): Part[] {
  return (response.candidates?.[0]?.content?.parts ?? []).filter((part) => !part.thought);
}

export function answerText(response: GenerateContentResponse): string {
  return answerParts(response)
    .map((part) => part.text ?? "")
    .join("");
}

/** The call succeeded but did not produce what was asked for. */
export function emptyResult(
  response: GenerateContentResponse,
  wanted: string,
  context: GeminiCallContext,
): ProviderError {
  const candidates = response.candidates?.length ?? 0;
  const finishReason = response.candidates?.[0]?.finishReason;
  const text = scrubSecrets(answerText(response).trim(), context.secrets).slice(0, 300);
  const why =
    candidates === 0
      ? "no candidates"
      : text
        ? `text only${finishReason ? `, ${finishReason}` : ""}: "${text}"`
        : `no parts${finishReason ? `, ${finishReason}` : ""}`;
  return new ProviderError(
    "PROVIDER_EMPTY_RESULT",
    `${context.provider}: the answer has no ${wanted} (${why})`,
    "retryable",
    undefined,
    { provider: context.provider, finishReason, candidates, text },
  );
}

/** Thinking is billed as output, so it counts with the candidates' tokens. */
export function usageFromMetadata(metadata: GenerateContentResponseUsageMetadata | undefined): ModelUsage {
  if (!metadata) return {};
  const usage: ModelUsage = {};
  if (metadata.promptTokenCount !== undefined) usage.inputTokens = metadata.promptTokenCount;
  if (metadata.candidatesTokenCount !== undefined || metadata.thoughtsTokenCount !== undefined) {
    usage.outputTokens = (metadata.candidatesTokenCount ?? 0) + (metadata.thoughtsTokenCount ?? 0);
  }
  return usage;
}
