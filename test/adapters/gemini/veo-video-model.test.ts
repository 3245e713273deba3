import { GoogleGenAI } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createVeoVideoModel,
  type VeoVideoModelOptions,
} from "../../../src/adapters/gemini/veo-video-model.ts";
import { isProviderError, type ProviderError } from "../../../src/core/provider-error.ts";
import type { VideoModel, VideoRequest, VideoStatus } from "../../../src/ports/video-model.ts";
import {
  type FakeGeminiServer,
  internalError,
  rateLimited,
  startFakeGeminiServer,
} from "../../fakes/fake-gemini-server.ts";
import { sampleShot } from "../../fakes/sample-shot.ts";
import { makePng, TINY_MP4 } from "../../fakes/test-media.ts";

const API_KEY = "AIzaFakeVeoKey0123456789abcdef";
const MODEL = "veo-3.1-fast-generate-preview";

let server: FakeGeminiServer;
let startPanel: { bytes: Buffer; mime: string };
let endPanel: { bytes: Buffer; mime: string };

function veo(overrides: Partial<VeoVideoModelOptions> = {}): VideoModel {
  return createVeoVideoModel({
    client: new GoogleGenAI({
      apiKey: API_KEY,
      httpOptions: { baseUrl: server.baseUrl, apiVersion: "v1beta" },
    }),
    model: MODEL,
    apiKey: API_KEY,
    keyedDownloadOrigins: [server.baseUrl],
    ...overrides,
  });
}

function request(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return {
    sceneId: "scene1",
    shot: sampleShot(),
    startPanel,
    prompt: "Mara hands Theo the cracked blue mug; slow push-in",
    durationSeconds: 6,
    width: 1280,
    height: 720,
    clientRequestId: "run1-1A-video-1",
    attempt: 1,
    signal: new AbortController().signal,
    ...overrides,
  };
}

const live = () => new AbortController().signal;

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(API_KEY);
  return error;
}

interface PredictBody {
  instances: {
    prompt: string;
    image: { bytesBase64Encoded: string; mimeType: string };
    lastFrame?: { bytesBase64Encoded: string; mimeType: string };
  }[];
  parameters: Record<string, unknown>;
}

beforeAll(async () => {
  server = await startFakeGeminiServer(API_KEY);
  startPanel = { bytes: await makePng(64, 36, [200, 0, 0]), mime: "image/png" };
  endPanel = { bytes: await makePng(64, 36, [0, 0, 200]), mime: "image/png" };
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe("veo video model", () => {
  it("submits the start panel, prompt and duration, then polls until the video is downloaded with the key", async () => {
    server.scriptVideo({ polls: 2, outcome: { kind: "uri" } });
    const model = veo();

    const { operationId } = await model.start(request());
    expect(operationId).toMatch(new RegExp(`^models/${MODEL}/operations/op\\d+#duration=6$`));

    const [submit] = server.requestsTo("predictLongRunning");
    expect(submit?.path).toBe(`/v1beta/models/${MODEL}:predictLongRunning`);
    expect(submit?.headers["x-goog-api-key"]).toBe(API_KEY);
    const body = submit?.body as PredictBody;
    expect(body.instances[0]?.prompt).toBe("Mara hands Theo the cracked blue mug; slow push-in");
    expect(body.instances[0]?.image.mimeType).toBe("image/png");
    expect(
      Buffer.from(body.instances[0]?.image.bytesBase64Encoded ?? "", "base64").equals(startPanel.bytes),
    ).toBe(true);
    expect(body.instances[0]?.lastFrame).toBeUndefined();
    expect(body.parameters).toEqual({ sampleCount: 1, durationSeconds: 6, aspectRatio: "16:9" });

    const states: VideoStatus[] = [];
    for (let poll = 0; poll < 3; poll++) states.push(await model.status(operationId, live()));
    expect(states.slice(0, 2)).toEqual([{ state: "running" }, { state: "running" }]);
    expect(states[2]).toMatchObject({ state: "succeeded", durationSeconds: 6, usage: { seconds: 6 } });
    expect((states[2] as { video: Buffer }).video.equals(TINY_MP4)).toBe(true);

    expect(server.requestsTo("operation").map((poll) => poll.path)).toEqual(
      Array(3).fill(`/v1beta/${operationId.split("#")[0]}`),
    );
    const [download] = server.requestsTo("download");
    expect(download?.headers["x-goog-api-key"]).toBe(API_KEY);
  });

  it("Frames mode sends the end panel as lastFrame", async () => {
    server.scriptVideo({ outcome: { kind: "uri" } });
    await veo().start(request({ endPanel, durationSeconds: 8, width: 720, height: 1280 }));

    const body = server.requestsTo("predictLongRunning")[0]?.body as PredictBody;
    expect(body.instances[0]?.lastFrame?.mimeType).toBe("image/png");
    expect(
      Buffer.from(body.instances[0]?.lastFrame?.bytesBase64Encoded ?? "", "base64").equals(endPanel.bytes),
    ).toBe(true);
    expect(body.parameters).toMatchObject({ durationSeconds: 8, aspectRatio: "9:16" });
  });

  it("does not forward the key through a redirect, nor send it to an origin it was not given for", async () => {
    server.scriptVideo({ outcome: { kind: "uri", redirect: true } }, { outcome: { kind: "uri" } });
    const model = veo();
    const first = await model.start(request());
    const done = await model.status(first.operationId, live());
    expect(done.state).toBe("succeeded");
    const [storage] = server.requestsTo("storage");
    expect(storage?.headers["x-goog-api-key"]).toBeUndefined();

    const stranger = veo({ keyedDownloadOrigins: [] });
    const second = await stranger.start(request());
    const error = await failure(stranger.status(second.operationId, live()));
    expect(error).toMatchObject({ code: "PROVIDER_AUTH", kind: "terminal" });
    expect(server.requestsTo("download").at(-1)?.headers["x-goog-api-key"]).toBeUndefined();
  });

  it("accepts inline video bytes", async () => {
    server.scriptVideo({ outcome: { kind: "inline" } });
    const model = veo();
    const { operationId } = await model.start(request());
    const status = await model.status(operationId, live());
    expect(status.state === "succeeded" && status.video.equals(TINY_MP4)).toBe(true);
    expect(server.requestsTo("download")).toHaveLength(0);
  });

  it("a filtered result fails as filtered, an operation error fails unfiltered", async () => {
    server.scriptVideo(
      {
        outcome: {
          kind: "filtered",
          reasons: ["The video could not be generated because it may violate our policies."],
        },
      },
      { outcome: { kind: "error", code: 13, message: "Video generation failed due to an internal error." } },
    );
    const model = veo();
    const filtered = await model.status((await model.start(request())).operationId, live());
    expect(filtered).toEqual({
      state: "failed",
      filtered: true,
      reason:
        "veo: filtered by the provider's safety checks: The video could not be generated because it may violate our policies.",
    });
    const failed = await model.status((await model.start(request())).operationId, live());
    expect(failed).toMatchObject({ state: "failed", filtered: false });
    expect((failed as { reason: string }).reason).toContain("internal error");
  });

  it("classifies submission failures: 429 retryable with its delay, 500 retryable, a timeout uncertain", async () => {
    server.replyNext("predictLongRunning", rateLimited("30s"), internalError());
    const model = veo({ submitTimeoutMs: 200 });
    expect(await failure(model.start(request()))).toMatchObject({
      code: "PROVIDER_RATE_LIMITED",
      kind: "retryable",
      retryAfterMs: 30_000,
    });
    expect(await failure(model.start(request()))).toMatchObject({
      code: "PROVIDER_UNAVAILABLE",
      kind: "retryable",
    });
    expect(server.requestsTo("predictLongRunning")).toHaveLength(2);

    server.replyNext("predictLongRunning", {
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"name":"x"}',
      delayMs: 1_500,
    });
    expect(await failure(model.start(request()))).toMatchObject({
      code: "PROVIDER_TIMEOUT",
      kind: "uncertain",
    });
  });

  it("the local server refuses what the Gemini API refuses: a 12 s clip is a terminal 400, nothing to poll", async () => {
    server.scriptVideo({ polls: 0, outcome: { kind: "uri" } });
    const refused = await failure(veo().start(request({ durationSeconds: 12 })));
    expect(refused.kind).toBe("terminal");
    expect(refused.message).toContain("INVALID_ARGUMENT");
    expect(server.requestsTo("operation")).toHaveLength(0);
    // The script was not consumed: an 8 s clip is accepted.
    expect((await veo().start(request({ durationSeconds: 8 }))).operationId).toContain("#duration=8");
  });

  it("a poll that fails or times out is retryable, never uncertain", async () => {
    server.scriptVideo({ polls: 5, outcome: { kind: "uri" } });
    const model = veo({ pollTimeoutMs: 200 });
    const { operationId } = await model.start(request());
    server.replyNext("operation", internalError(), {
      status: 200,
      headers: { "content-type": "application/json" },
      body: "{}",
      delayMs: 1_500,
    });
    expect(await failure(model.status(operationId, live()))).toMatchObject({
      code: "PROVIDER_UNAVAILABLE",
      kind: "retryable",
    });
    expect(await failure(model.status(operationId, live()))).toMatchObject({
      code: "PROVIDER_TIMEOUT",
      kind: "retryable",
    });
  });
});
