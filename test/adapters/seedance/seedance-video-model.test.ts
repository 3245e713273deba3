import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createSeedanceVideoModel,
  type SeedanceVideoModelOptions,
} from "../../../src/adapters/seedance/seedance-video-model.ts";
import { isProviderError, type ProviderError } from "../../../src/core/provider-error.ts";
import type { VideoModel, VideoRequest, VideoStatus } from "../../../src/ports/video-model.ts";
import {
  arkError,
  type FakeSeedanceServer,
  startFakeSeedanceServer,
} from "../../fakes/fake-seedance-server.ts";
import { jsonReply } from "../../fakes/http-fake.ts";
import { sampleShot } from "../../fakes/sample-shot.ts";
import { makePng, TINY_MP4 } from "../../fakes/test-media.ts";

const API_KEY = "ark-0123456789abcdef-fake-key";
const MODEL = "seedance-1-0-pro-250528";

let server: FakeSeedanceServer;
let startPanel: { bytes: Buffer; mime: string };
let endPanel: { bytes: Buffer; mime: string };

function seedance(overrides: Partial<SeedanceVideoModelOptions> = {}): VideoModel {
  return createSeedanceVideoModel({ baseUrl: server.baseUrl, apiKey: API_KEY, model: MODEL, ...overrides });
}

function request(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return {
    sceneId: "scene1",
    shot: sampleShot(),
    startPanel,
    prompt: "Mara hands Theo the cracked blue mug",
    durationSeconds: 5,
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

type Content = { type: string; text?: string; image_url?: { url: string }; role?: string };
function createBody(index = 0): { model: string; content: Content[] } & Record<string, unknown> {
  return server.requestsTo("create")[index]?.body as { model: string; content: Content[] } & Record<
    string,
    unknown
  >;
}

beforeAll(async () => {
  server = await startFakeSeedanceServer(API_KEY);
  startPanel = { bytes: await makePng(64, 36, [200, 0, 0]), mime: "image/png" };
  endPanel = { bytes: await makePng(64, 36, [0, 0, 200]), mime: "image/png" };
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe("seedance video model", () => {
  it("creates a task with the start panel as a data URL and Seedance 1.x prompt flags", async () => {
    server.scriptTask({ outcome: { kind: "succeeded" } });
    const model = seedance();
    const { operationId } = await model.start(request());

    expect(model).toMatchObject({ provider: "seedance", modelId: MODEL, simulated: false });
    expect(operationId).toMatch(/^cgt-\S+#duration=5$/);
    const [create] = server.requestsTo("create");
    expect(create?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const body = createBody();
    expect(body.model).toBe(MODEL);
    expect(body.content[0]).toEqual({
      type: "text",
      text: "Mara hands Theo the cracked blue mug --resolution 720p --ratio 16:9 --duration 5 --watermark false",
    });
    expect(body.content[1]).toEqual({
      type: "image_url",
      image_url: { url: `data:image/png;base64,${startPanel.bytes.toString("base64")}` },
      role: "first_frame",
    });
    expect(body.content).toHaveLength(2);
    expect(body.duration).toBeUndefined();
  });

  it("Frames mode adds the end panel as last_frame; Seedance 2.0 takes its settings in the body", async () => {
    server.scriptTask({ outcome: { kind: "succeeded" } });
    await seedance({ model: "dreamina-seedance-2-0-260128" }).start(
      request({ endPanel, durationSeconds: 12, width: 1920, height: 1080 }),
    );

    const body = createBody();
    expect(body.content[0]).toEqual({ type: "text", text: "Mara hands Theo the cracked blue mug" });
    expect(body.content.map((item) => item.role ?? item.type)).toEqual(["text", "first_frame", "last_frame"]);
    expect(body.content[2]?.image_url?.url).toBe(
      `data:image/png;base64,${endPanel.bytes.toString("base64")}`,
    );
    expect(body).toMatchObject({ duration: 12, ratio: "16:9", resolution: "1080p", watermark: false });
  });

  it("polls queued and running, then downloads the video without credentials and reports usage", async () => {
    server.scriptTask({ polls: 2, outcome: { kind: "succeeded", completionTokens: 246_000, duration: 5 } });
    const model = seedance();
    const { operationId } = await model.start(request());

    const states: VideoStatus[] = [];
    for (let poll = 0; poll < 3; poll++) states.push(await model.status(operationId, live()));
    expect(states.slice(0, 2)).toEqual([{ state: "running" }, { state: "running" }]);
    expect(states[2]).toMatchObject({
      state: "succeeded",
      durationSeconds: 5,
      usage: { outputTokens: 246_000, seconds: 5 },
    });
    expect((states[2] as { video: Buffer }).video.equals(TINY_MP4)).toBe(true);

    const polls = server.requestsTo("get");
    expect(polls.map((poll) => poll.path)).toEqual(
      Array(3).fill(`/api/v3/contents/generations/tasks/${operationId.split("#")[0]}`),
    );
    expect(polls.every((poll) => poll.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    const [video] = server.requestsTo("video");
    expect(video?.headers.authorization).toBeUndefined();
  });

  it("takes the duration from the operation id when the task does not report one", async () => {
    server.scriptTask({ outcome: { kind: "succeeded" } });
    const model = seedance();
    const { operationId } = await model.start(request({ durationSeconds: 7 }));
    expect(await model.status(operationId, live())).toMatchObject({
      durationSeconds: 7,
      usage: { seconds: 7, outputTokens: 108_900 },
    });
  });

  it("a failed task fails with its message; moderation failures are marked filtered", async () => {
    server.scriptTask(
      {
        outcome: {
          kind: "failed",
          code: "OutputVideoSensitiveContentDetected",
          message: "The request failed because the output video may contain sensitive information.",
        },
      },
      {
        outcome: {
          kind: "failed",
          code: "InternalServiceError",
          message: "The service encountered an unexpected internal error.",
        },
      },
      { outcome: { kind: "cancelled" } },
      { outcome: { kind: "expired" } },
    );
    const model = seedance();
    const next = async () => model.status((await model.start(request())).operationId, live());

    expect(await next()).toEqual({
      state: "failed",
      filtered: true,
      reason:
        "seedance: OutputVideoSensitiveContentDetected: The request failed because the output video may contain sensitive information.",
    });
    expect(await next()).toMatchObject({
      state: "failed",
      filtered: false,
      reason: expect.stringContaining("unexpected internal error"),
    });
    expect(await next()).toMatchObject({
      state: "failed",
      filtered: false,
      reason: expect.stringContaining("cancelled"),
    });
    expect(await next()).toMatchObject({
      state: "failed",
      filtered: false,
      reason: expect.stringContaining("expired"),
    });
  });

  it("classifies submission errors: 429 with Retry-After, 500, bad key, refused input", async () => {
    server.replyNext(
      "create",
      arkError(429, "RateLimitExceeded.EndpointRPMExceeded", "Too many requests.", "TooManyRequests", {
        "retry-after": "7",
      }),
      arkError(
        500,
        "InternalServiceError",
        "The service encountered an unexpected internal error.",
        "InternalServerError",
      ),
      arkError(
        400,
        "InputImageSensitiveContentDetected",
        "The request failed because the input image may contain sensitive information.",
        "BadRequest",
      ),
      arkError(
        400,
        "InvalidParameter",
        "The parameter `duration` specified in the request is not valid.",
        "BadRequest",
      ),
    );
    const model = seedance();
    expect(await failure(model.start(request()))).toMatchObject({
      code: "PROVIDER_RATE_LIMITED",
      kind: "retryable",
      retryAfterMs: 7_000,
    });
    expect(await failure(model.start(request()))).toMatchObject({
      code: "PROVIDER_UNAVAILABLE",
      kind: "retryable",
    });
    expect(await failure(model.start(request()))).toMatchObject({
      code: "PROVIDER_SAFETY_BLOCK",
      kind: "terminal",
    });
    const bad = await failure(model.start(request()));
    expect(bad).toMatchObject({ code: "PROVIDER_BAD_REQUEST", kind: "terminal" });
    expect(bad.message).toContain("InvalidParameter");

    const wrong = createSeedanceVideoModel({
      baseUrl: server.baseUrl,
      apiKey: `${API_KEY}-wrong`,
      model: MODEL,
    });
    const auth = await failure(wrong.start(request()));
    expect(auth).toMatchObject({ code: "PROVIDER_AUTH", kind: "terminal" });
    expect(auth.message).not.toContain(`${API_KEY}-wrong`);
  });

  it("never repeats the key, even when the provider echoes it", async () => {
    server.replyNext(
      "create",
      arkError(400, "InvalidParameter", `bad header Authorization: Bearer ${API_KEY}`, "BadRequest"),
    );
    const error = await failure(seedance().start(request()));
    expect(error.message).toContain("[redacted]");
  });

  it("a submission timeout is uncertain, a poll timeout retryable, an unreadable answer classified", async () => {
    const model = seedance({ submitTimeoutMs: 200, pollTimeoutMs: 200 });
    server.replyNext("create", { ...jsonReply(200, { id: "cgt-late" }), delayMs: 1_500 });
    expect(await failure(model.start(request()))).toMatchObject({
      code: "PROVIDER_TIMEOUT",
      kind: "uncertain",
    });

    server.replyNext("create", jsonReply(200, { task: "no id here" }));
    expect(await failure(model.start(request()))).toMatchObject({
      code: "PROVIDER_MALFORMED_RESPONSE",
      kind: "uncertain",
    });

    server.replyNext("get", { ...jsonReply(200, { id: "x", status: "running" }), delayMs: 1_500 });
    expect(await failure(model.status("cgt-any#duration=5", live()))).toMatchObject({
      code: "PROVIDER_TIMEOUT",
      kind: "retryable",
    });
  });
});
