import {
  type FakeReply,
  type HttpFake,
  jsonReply,
  type RecordedRequest,
  startHttpFake,
} from "./http-fake.ts";
import { TINY_MP4 } from "./test-media.ts";

/**
 * A local stand-in for generativelanguage.googleapis.com speaking its REST shapes, so the real
 * @google/genai SDK can be pointed at it with httpOptions { baseUrl, apiVersion: "v1beta" }:
 *   POST /v1beta/models/{model}:generateContent
 *   POST /v1beta/models/{model}:predictLongRunning        → { name: "models/{model}/operations/{id}" }
 *   GET  /v1beta/models/{model}/operations/{id}           → { name, done?, response | error }
 *   GET  /v1beta/files/{id}:download?alt=media            → the video (optionally via a 302)
 * Unscripted calls answer 500 so a test that forgot a script fails loudly.
 */

export type VeoOutcome =
  | { kind: "uri"; bytes?: Buffer; redirect?: boolean }
  | { kind: "inline"; bytes?: Buffer }
  | { kind: "filtered"; reasons: string[] }
  | { kind: "error"; code: number; message: string };

export interface VeoScript {
  /** How many polls answer "not done" before the outcome. */
  polls?: number;
  outcome: VeoOutcome;
}

export type GeminiRoute = "generateContent" | "predictLongRunning" | "operation" | "download" | "storage";

export interface FakeGeminiServer {
  baseUrl: string;
  apiKey: string;
  requests: RecordedRequest[];
  requestsTo(route: GeminiRoute): RecordedRequest[];
  /** Answers for the next generateContent calls, in order. */
  replyGenerateContent(...replies: FakeReply[]): void;
  /** Answers that replace the next predictLongRunning / operation / download calls (errors, mostly). */
  replyNext(route: "predictLongRunning" | "operation" | "download", ...replies: FakeReply[]): void;
  /** Each accepted predictLongRunning consumes one script. */
  scriptVideo(...scripts: VeoScript[]): void;
  close(): Promise<void>;
}

interface Operation {
  name: string;
  pollsLeft: number;
  outcome: VeoOutcome;
}

export async function startFakeGeminiServer(apiKey = "test-key"): Promise<FakeGeminiServer> {
  const queues: Record<string, FakeReply[]> = {
    generateContent: [],
    predictLongRunning: [],
    operation: [],
    download: [],
  };
  const videoScripts: VeoScript[] = [];
  const operations = new Map<string, Operation>();
  const files = new Map<string, Buffer>();
  const routes = new Map<RecordedRequest, GeminiRoute>();
  let nextId = 1;

  const fake: HttpFake = await startHttpFake((request, origin) => {
    const route = routeOf(request);
    if (route) routes.set(request, route);
    if (route === "storage") {
      const bytes = files.get(request.path.slice("/storage/".length));
      return bytes
        ? { status: 200, headers: { "content-type": "video/mp4" }, body: bytes }
        : googleError(404, "NOT_FOUND", "no such file");
    }
    if (request.headers["x-goog-api-key"] !== apiKey) {
      return jsonReply(400, {
        error: {
          code: 400,
          message: "API key not valid. Please pass a valid API key.",
          status: "INVALID_ARGUMENT",
          details: [
            {
              "@type": "type.googleapis.com/google.rpc.ErrorInfo",
              reason: "API_KEY_INVALID",
              domain: "googleapis.com",
            },
          ],
        },
      });
    }
    if (!route) return googleError(404, "NOT_FOUND", `fake: no route for ${request.method} ${request.path}`);
    const queued = queues[route]?.shift();
    if (queued) return queued;

    switch (route) {
      case "generateContent":
        return googleError(500, "INTERNAL", "fake: unscripted generateContent");
      case "predictLongRunning": {
        const refusal = veoRefusal(request);
        if (refusal) return refusal;
        const script = videoScripts.shift();
        if (!script) return googleError(500, "INTERNAL", "fake: unscripted predictLongRunning");
        const model = request.path.slice("/v1beta/models/".length).split(":")[0];
        const name = `models/${model}/operations/op${nextId++}`;
        operations.set(name, { name, pollsLeft: script.polls ?? 0, outcome: script.outcome });
        return jsonReply(200, { name });
      }
      case "operation": {
        const name = request.path.slice("/v1beta/".length);
        const operation = operations.get(name);
        if (!operation) return googleError(404, "NOT_FOUND", `Operation ${name} not found.`);
        if (operation.pollsLeft > 0) {
          operation.pollsLeft--;
          return jsonReply(200, { name });
        }
        return jsonReply(200, finishedOperation(operation, origin));
      }
      case "download": {
        const id = request.path.slice("/v1beta/files/".length).split(":")[0] ?? "";
        const bytes = files.get(id);
        if (!bytes) return googleError(404, "NOT_FOUND", "File not found.");
        if (request.query.get("redirect") === "1")
          return { status: 302, headers: { location: `/storage/${id}` }, body: "" };
        return { status: 200, headers: { "content-type": "video/mp4" }, body: bytes };
      }
    }
  });

  function finishedOperation(operation: Operation, origin: string): unknown {
    const { name, outcome } = operation;
    const responseType = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse";
    switch (outcome.kind) {
      case "error":
        return { name, done: true, error: { code: outcome.code, message: outcome.message } };
      case "filtered":
        return {
          name,
          done: true,
          response: {
            "@type": responseType,
            generateVideoResponse: { raiMediaFilteredCount: 1, raiMediaFilteredReasons: outcome.reasons },
          },
        };
      case "inline":
        return {
          name,
          done: true,
          response: {
            "@type": responseType,
            generateVideoResponse: {
              generatedSamples: [
                {
                  video: {
                    encodedVideo: (outcome.bytes ?? TINY_MP4).toString("base64"),
                    encoding: "video/mp4",
                  },
                },
              ],
            },
          },
        };
      case "uri": {
        const id = `vid${nextId++}`;
        files.set(id, outcome.bytes ?? TINY_MP4);
        const uri = `${origin}/v1beta/files/${id}:download?alt=media${outcome.redirect ? "&redirect=1" : ""}`;
        return {
          name,
          done: true,
          response: {
            "@type": responseType,
            generateVideoResponse: { generatedSamples: [{ video: { uri } }] },
          },
        };
      }
    }
  }

  return {
    baseUrl: fake.origin,
    apiKey,
    requests: fake.requests,
    requestsTo: (route) => fake.requests.filter((request) => routes.get(request) === route),
    replyGenerateContent: (...replies) => queues.generateContent?.push(...replies),
    replyNext: (route, ...replies) => queues[route]?.push(...replies),
    scriptVideo: (...scripts) => videoScripts.push(...scripts),
    close: fake.close,
  };
}

function routeOf(request: RecordedRequest): GeminiRoute | undefined {
  const { method, path } = request;
  if (method === "POST" && /^\/v1beta\/models\/[^/]+:generateContent$/.test(path)) return "generateContent";
  if (method === "POST" && /^\/v1beta\/models\/[^/]+:predictLongRunning$/.test(path))
    return "predictLongRunning";
  if (method === "GET" && /^\/v1beta\/models\/[^/]+\/operations\/[^/]+$/.test(path)) return "operation";
  if (method === "GET" && /^\/v1beta\/files\/[^/]+:download$/.test(path)) return "download";
  if (method === "GET" && path.startsWith("/storage/")) return "storage";
  return undefined;
}

// ---- Real response shapes -------------------------------------------------------------------

/** What the Gemini API refuses of a Veo 3.x request: a clip length other than 4, 6 or 8 s. */
function veoRefusal(request: RecordedRequest): FakeReply | undefined {
  const model = request.path.slice("/v1beta/models/".length).split(":")[0] ?? "";
  if (!model.startsWith("veo-3")) return undefined;
  const body = request.body as { parameters?: { durationSeconds?: unknown } } | undefined;
  const seconds = body?.parameters?.durationSeconds;
  if (seconds === undefined || [4, 6, 8].includes(Number(seconds))) return undefined;
  return googleError(
    400,
    "INVALID_ARGUMENT",
    `fake: durationSeconds ${String(seconds)} is not supported by ${model}; use 4, 6 or 8`,
  );
}

export interface FakeUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
}

function usageMetadata(usage: FakeUsage = {}): Record<string, unknown> {
  const prompt = usage.promptTokenCount ?? 1500;
  const candidates = usage.candidatesTokenCount ?? 1290;
  const thoughts = usage.thoughtsTokenCount;
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    ...(thoughts !== undefined ? { thoughtsTokenCount: thoughts } : {}),
    totalTokenCount: prompt + candidates + (thoughts ?? 0),
    promptTokensDetails: [
      { modality: "TEXT", tokenCount: 300 },
      { modality: "IMAGE", tokenCount: prompt - 300 },
    ],
  };
}

export function imageAnswer(png: Buffer, usage?: FakeUsage, mimeType = "image/png"): FakeReply {
  return jsonReply(200, {
    candidates: [
      {
        content: {
          role: "model",
          parts: [{ text: "Here is the panel." }, { inlineData: { mimeType, data: png.toString("base64") } }],
        },
        finishReason: "STOP",
        index: 0,
      },
    ],
    usageMetadata: usageMetadata(usage),
    modelVersion: "gemini-2.5-flash-image",
    responseId: "fake-response",
  });
}

export function textAnswer(text: string, usage?: FakeUsage, finishReason = "STOP"): FakeReply {
  return jsonReply(200, {
    candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason, index: 0 }],
    usageMetadata: usageMetadata(usage),
    modelVersion: "gemini-2.5-flash",
    responseId: "fake-response",
  });
}

/** A candidate stopped by a filter: finishReason set, no content. */
export function blockedAnswer(finishReason: string): FakeReply {
  return jsonReply(200, {
    candidates: [{ finishReason, index: 0 }],
    usageMetadata: usageMetadata({ candidatesTokenCount: 0 }),
    modelVersion: "gemini-2.5-flash-image",
  });
}

/** The prompt itself was refused: no candidates, promptFeedback.blockReason. */
export function promptBlockedAnswer(blockReason: string): FakeReply {
  return jsonReply(200, {
    promptFeedback: { blockReason },
    usageMetadata: { promptTokenCount: 1500, totalTokenCount: 1500 },
    modelVersion: "gemini-2.5-flash-image",
  });
}

export function noCandidatesAnswer(): FakeReply {
  return jsonReply(200, {
    usageMetadata: { promptTokenCount: 1500, totalTokenCount: 1500 },
    modelVersion: "x",
  });
}

export function googleError(
  code: number,
  status: string,
  message: string,
  details: unknown[] = [],
): FakeReply {
  return jsonReply(code, { error: { code, message, status, ...(details.length ? { details } : {}) } });
}

/** 429 as the Gemini API sends it: QuotaFailure, Help and RetryInfo details. */
export function rateLimited(retryDelay = "12s"): FakeReply {
  return googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    [
      {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        violations: [
          {
            quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
            quotaValue: "10",
          },
        ],
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [{ description: "Learn more", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }],
      },
      { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay },
    ],
  );
}

export function internalError(): FakeReply {
  return googleError(
    500,
    "INTERNAL",
    "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
  );
}
