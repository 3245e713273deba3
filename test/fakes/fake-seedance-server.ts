import {
  type FakeReply,
  type HttpFake,
  jsonReply,
  type RecordedRequest,
  startHttpFake,
} from "./http-fake.ts";
import { TINY_MP4 } from "./test-media.ts";

/**
 * A local stand-in for BytePlus ModelArk's content-generation task API:
 *   POST /api/v3/contents/generations/tasks        → { id }
 *   GET  /api/v3/contents/generations/tasks/{id}   → { id, model, status, content, usage, error, … }
 *   GET  /tos/{id}.mp4?X-Tos-Signature=…           → the clip (pre-signed: no credentials needed)
 */

export type SeedanceOutcome =
  | { kind: "succeeded"; bytes?: Buffer; completionTokens?: number; duration?: number }
  | { kind: "failed"; code: string; message: string }
  | { kind: "cancelled" }
  | { kind: "expired" };

export interface SeedanceScript {
  /** Polls answering queued, then running, before the outcome. */
  polls?: number;
  outcome: SeedanceOutcome;
}

export type SeedanceRoute = "create" | "get" | "video";

export interface FakeSeedanceServer {
  baseUrl: string;
  apiKey: string;
  requests: RecordedRequest[];
  requestsTo(route: SeedanceRoute): RecordedRequest[];
  scriptTask(...scripts: SeedanceScript[]): void;
  /** Answers that replace the next create / get calls (errors, mostly). */
  replyNext(route: "create" | "get", ...replies: FakeReply[]): void;
  close(): Promise<void>;
}

interface Task {
  id: string;
  model: string;
  pollsLeft: number;
  polled: number;
  outcome: SeedanceOutcome;
  createdAt: number;
}

export async function startFakeSeedanceServer(
  apiKey = "ark-test-key-0123456789",
): Promise<FakeSeedanceServer> {
  const scripts: SeedanceScript[] = [];
  const queues: Record<"create" | "get", FakeReply[]> = { create: [], get: [] };
  const tasks = new Map<string, Task>();
  const videos = new Map<string, Buffer>();
  const routes = new Map<RecordedRequest, SeedanceRoute>();
  let nextId = 1;

  const fake: HttpFake = await startHttpFake((request, origin) => {
    const route = routeOf(request);
    if (route) routes.set(request, route);
    if (route === "video") {
      const bytes = videos.get(request.path.slice("/tos/".length).replace(/\.mp4$/, ""));
      return bytes
        ? { status: 200, headers: { "content-type": "video/mp4" }, body: bytes }
        : {
            status: 404,
            headers: { "content-type": "application/xml" },
            body: "<Error><Code>NoSuchKey</Code></Error>",
          };
    }
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return arkError(
        401,
        "AuthenticationError",
        "The API key or AK/SK in the request is missing or invalid.",
        "Unauthorized",
      );
    }
    if (!route)
      return arkError(404, "NotFound", `fake: no route for ${request.method} ${request.path}`, "NotFound");
    const queued = route === "create" || route === "get" ? queues[route].shift() : undefined;
    if (queued) return queued;

    if (route === "create") {
      const script = scripts.shift();
      if (!script)
        return arkError(500, "InternalServiceError", "fake: unscripted task", "InternalServerError");
      const body = request.body as { model?: string };
      const id = `cgt-20260101${String(nextId++).padStart(6, "0")}-fake`;
      tasks.set(id, {
        id,
        model: body.model ?? "unknown",
        pollsLeft: script.polls ?? 0,
        polled: 0,
        outcome: script.outcome,
        createdAt: 1_767_225_600,
      });
      return jsonReply(200, { id });
    }

    const id = request.path.slice("/api/v3/contents/generations/tasks/".length);
    const task = tasks.get(id);
    if (!task) return arkError(404, "ResourceNotFound", `The specified task ${id} is not found.`, "NotFound");
    const common = {
      id: task.id,
      model: task.model,
      created_at: task.createdAt,
      updated_at: task.createdAt + 30,
    };
    if (task.pollsLeft > 0) {
      task.pollsLeft--;
      return jsonReply(200, { ...common, status: task.polled++ === 0 ? "queued" : "running" });
    }
    const { outcome } = task;
    switch (outcome.kind) {
      case "succeeded": {
        videos.set(task.id, outcome.bytes ?? TINY_MP4);
        return jsonReply(200, {
          ...common,
          status: "succeeded",
          content: {
            video_url: `${origin}/tos/${task.id}.mp4?X-Tos-Algorithm=TOS4-HMAC-SHA256&X-Tos-Signature=abc`,
          },
          usage: {
            completion_tokens: outcome.completionTokens ?? 108_900,
            total_tokens: outcome.completionTokens ?? 108_900,
          },
          seed: 78674,
          resolution: "720p",
          ratio: "16:9",
          ...(outcome.duration !== undefined ? { duration: outcome.duration } : {}),
          framespersecond: 24,
          service_tier: "default",
          execution_expires_after: 172_800,
        });
      }
      case "failed":
        return jsonReply(200, {
          ...common,
          status: "failed",
          error: { code: outcome.code, message: outcome.message },
        });
      case "cancelled":
        return jsonReply(200, { ...common, status: "cancelled" });
      case "expired":
        return jsonReply(200, { ...common, status: "expired" });
    }
  });

  return {
    baseUrl: fake.origin,
    apiKey,
    requests: fake.requests,
    requestsTo: (route) => fake.requests.filter((request) => routes.get(request) === route),
    scriptTask: (...more) => scripts.push(...more),
    replyNext: (route, ...replies) => queues[route].push(...replies),
    close: fake.close,
  };
}

/** Ark's error body: { error: { code, message, type } }. */
export function arkError(
  status: number,
  code: string,
  message: string,
  type: string,
  headers?: Record<string, string>,
): FakeReply {
  return jsonReply(status, { error: { code, message: `${message} Request id: 0217fake`, type } }, headers);
}

function routeOf(request: RecordedRequest): SeedanceRoute | undefined {
  if (request.method === "POST" && request.path === "/api/v3/contents/generations/tasks") return "create";
  if (request.method === "GET" && /^\/api\/v3\/contents\/generations\/tasks\/[^/]+$/.test(request.path))
    return "get";
  if (request.method === "GET" && request.path.startsWith("/tos/")) return "video";
  return undefined;
}
