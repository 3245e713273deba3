import { type GoogleGenAI, MediaResolution, type Part } from "@google/genai";
import { ProviderError } from "../../core/provider-error.ts";
import type { Judge, JudgeAnswer, JudgeRequest } from "../../ports/judge.ts";
import { answerText, emptyResult, usageFromMetadata } from "./gemini-response.ts";
import { generateContentWithin } from "./generate-content.ts";
import { JUDGE_SYSTEM_INSTRUCTION, judgeSegments } from "./judge-prompt.ts";
import { judgeResponseSchema } from "./judge-schema.ts";

export interface GeminiJudgeOptions {
  client: GoogleGenAI;
  model: string;
  /** Per call; the SDK sets no deadline of its own on Node. */
  timeoutMs?: number;
  /** Keys to scrub from error messages (the SDK's client does not expose its own). */
  redact?: readonly string[];
}

/**
 * The vision judge: structured JSON scores, parsed here and validated by the core. This adapter
 * only guarantees that `raw` is JSON; whether it is a valid score sheet is the core's call.
 */
export function createGeminiJudge(options: GeminiJudgeOptions): Judge {
  const { client, model } = options;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const context = { provider: "gemini", secrets: options.redact ?? [] };

  async function score(request: JudgeRequest): Promise<JudgeAnswer> {
    const parts: Part[] = judgeSegments(request).map((segment) =>
      "text" in segment
        ? { text: segment.text }
        : { inlineData: { mimeType: segment.image.mime, data: segment.image.bytes.toString("base64") } },
    );

    const response = await generateContentWithin(
      { client, signal: request.signal, timeoutMs, context },
      {
        model,
        contents: [{ role: "user", parts }],
        config: {
          systemInstruction: JUDGE_SYSTEM_INSTRUCTION,
          responseMimeType: "application/json",
          responseJsonSchema: judgeResponseSchema(
            request.cast.map((member) => member.id),
            request.continuity !== undefined,
          ),
          // Identity and wardrobe details are lost at the default image token budget.
          mediaResolution: MediaResolution.MEDIA_RESOLUTION_HIGH,
          temperature: 0,
          candidateCount: 1,
          automaticContinuation: false,
        },
      },
    );
    const text = answerText(response).trim();
    if (!text) throw emptyResult(response, "JSON scores", context);
    return {
      raw: parseJudgeJson(text, response.candidates?.[0]?.finishReason),
      usage: usageFromMetadata(response.usageMetadata),
    };
  }

  return { provider: "gemini", modelId: model, simulated: false, score };
}

function parseJudgeJson(text: string, finishReason: string | undefined): unknown {
  // JSON mode answers bare JSON; a fenced block is tolerated because it costs nothing to accept.
  const unfenced = text.replace(/^```(?:json)?\s*/i, "").replace(/\s*```$/, "");
  try {
    return JSON.parse(unfenced);
  } catch (error) {
    throw new ProviderError(
      "JUDGE_MALFORMED",
      `gemini: the judge's answer is not JSON${finishReason ? ` (${finishReason})` : ""}: ${(error as Error).message}`,
      "retryable",
      undefined,
      { provider: "gemini", finishReason, excerpt: text.slice(0, 300) },
    );
  }
}
