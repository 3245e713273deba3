import type { GenerateContentParameters, GenerateContentResponse, GoogleGenAI } from "@google/genai";
import { classifyFailure } from "../http/classify-http-error.ts";
import { deadline, throwIfCancelled } from "../http/deadline.ts";
import { throwIfBlocked } from "./gemini-response.ts";

export interface GenerateContentCall {
  client: GoogleGenAI;
  /** The caller's cancellation; the per-call deadline is added to it. */
  signal: AbortSignal;
  /** The SDK sets no deadline of its own on Node. */
  timeoutMs: number;
  context: { provider: string; secrets: readonly string[] };
}

/**
 * One generateContent call as every Gemini adapter makes it: refused if already cancelled, under
 * a deadline the SDK does not set, any failure classified (a timed-out submission is uncertain,
 * never blindly re-sent), the deadline's timer released, and a blocked answer thrown.
 */
export async function generateContentWithin(
  call: GenerateContentCall,
  params: Omit<GenerateContentParameters, "config"> & {
    config: Omit<NonNullable<GenerateContentParameters["config"]>, "abortSignal">;
  },
): Promise<GenerateContentResponse> {
  throwIfCancelled(call.signal, call.context.provider);
  const limit = deadline(call.signal, call.timeoutMs);
  let response: GenerateContentResponse;
  try {
    response = await call.client.models.generateContent({
      ...params,
      config: { ...params.config, abortSignal: limit.signal },
    });
  } catch (error) {
    throw classifyFailure(error, { ...call.context, phase: "submit", timedOut: limit.timedOut() });
  } finally {
    limit.dispose();
  }
  throwIfBlocked(response, call.context);
  return response;
}
