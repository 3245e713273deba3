import { GoogleGenAI } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGeminiImageModel } from "../../../src/adapters/gemini/gemini-image-model.ts";
import { isProviderError, type ProviderError } from "../../../src/core/provider-error.ts";
import type { PanelRequest, ReferenceImage } from "../../../src/ports/image-model.ts";
import {
  blockedAnswer,
  type FakeGeminiServer,
  googleError,
  imageAnswer,
  internalError,
  noCandidatesAnswer,
  promptBlockedAnswer,
  rateLimited,
  startFakeGeminiServer,
  textAnswer,
} from "../../fakes/fake-gemini-server.ts";
import { sampleShot } from "../../fakes/sample-shot.ts";
import { makePng } from "../../fakes/test-media.ts";

const API_KEY = "AIzaFakeKeyForTests0123456789";
const MODEL = "gemini-2.5-flash-image";

let server: FakeGeminiServer;
let panel: Buffer;
let references: ReferenceImage[];

function client(apiKey = API_KEY): GoogleGenAI {
  return new GoogleGenAI({ apiKey, httpOptions: { baseUrl: server.baseUrl, apiVersion: "v1beta" } });
}

function request(overrides: Partial<PanelRequest> = {}): PanelRequest {
  return {
    sceneId: "scene1",
    shot: sampleShot(),
    frame: "start",
    references,
    width: 1280,
    height: 720,
    attempt: 1,
    signal: new AbortController().signal,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(API_KEY);
  return error;
}

type Parts = { text?: string; inlineData?: { mimeType: string; data: string } }[];
function sentParts(index = 0): Parts {
  const body = server.requestsTo("generateContent")[index]?.body as { contents: { parts: Parts }[] };
  return body.contents[0]?.parts ?? [];
}

beforeAll(async () => {
  server = await startFakeGeminiServer(API_KEY);
  panel = await makePng(64, 36, [200, 180, 40]);
  references = [
    {
      role: "character",
      id: "mara",
      key: "characters/mara/mara_turnaround_APPROVED.png",
      bytes: await makePng(32, 32, [255, 0, 0]),
      mime: "image/png",
    },
    {
      role: "character",
      id: "theo",
      key: "characters/theo/theo_turnaround_APPROVED.png",
      bytes: await makePng(32, 32, [0, 0, 255]),
      mime: "image/png",
    },
    {
      role: "location",
      id: "kitchen",
      key: "locations/kitchen/kitchen_plate_APPROVED.png",
      bytes: await makePng(64, 36, [0, 255, 0]),
      mime: "image/png",
    },
  ];
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe("gemini image model", () => {
  it("sends the references as inline images with the shot's prompt and returns the panel with usage", async () => {
    server.replyGenerateContent(
      imageAnswer(panel, { promptTokenCount: 1800, candidatesTokenCount: 1290, thoughtsTokenCount: 40 }),
    );
    const model = createGeminiImageModel({ client: client(), model: MODEL });

    const result = await model.generatePanel(request({ feedback: "Theo's tie was missing" }));

    expect(model).toMatchObject({ provider: "gemini", modelId: MODEL, simulated: false });
    expect(result.bytes.equals(panel)).toBe(true);
    expect(result.mime).toBe("image/png");
    expect(result.usage).toEqual({ inputTokens: 1800, outputTokens: 1330, images: 1 });

    const [sent] = server.requestsTo("generateContent");
    expect(sent?.path).toBe(`/v1beta/models/${MODEL}:generateContent`);
    expect(sent?.headers["x-goog-api-key"]).toBe(API_KEY);
    const images = sentParts().filter((part) => part.inlineData);
    expect(images).toHaveLength(3);
    expect(images.map((part) => part.inlineData?.mimeType)).toEqual(["image/png", "image/png", "image/png"]);
    expect(
      Buffer.from(images[0]?.inlineData?.data ?? "", "base64").equals(references[0]?.bytes as Buffer),
    ).toBe(true);

    const text = sentParts()
      .map((part) => part.text ?? "")
      .join("\n");
    expect(text).toContain('turnaround of the character "mara"');
    expect(text).toContain("mara, wearing yellow raincoat over a grey hoodie");
    expect(text).toContain("theo, wearing navy school blazer with a red tie");
    expect(text).toContain('plate of the location "kitchen"');
    expect(text).toContain("red kettle; cracked blue mug");
    expect(text).toContain("medium two-shot, eye level, slow push-in");
    expect(text).toContain("Theo's tie was missing");
    expect(text).toMatch(/START storyboard panel/);

    const config =
      (sent?.body as { generationConfig: Record<string, unknown> } | undefined)?.generationConfig ?? {};
    expect(config.responseModalities).toEqual(["TEXT", "IMAGE"]);
    expect(config.imageConfig).toEqual({ aspectRatio: "16:9" });
  });

  it("draws an end panel from the accepted start panel and the end description", async () => {
    server.replyGenerateContent(imageAnswer(panel));
    const model = createGeminiImageModel({ client: client(), model: MODEL });
    const startPanel: ReferenceImage = {
      role: "start-panel",
      id: "1A",
      key: "scenes/scene1/panels/1A.png",
      bytes: panel,
      mime: "image/png",
    };

    await model.generatePanel(request({ frame: "end", references: [...references, startPanel] }));

    expect(sentParts().filter((part) => part.inlineData)).toHaveLength(4);
    const text = sentParts()
      .map((part) => part.text ?? "")
      .join("\n");
    expect(text).toContain("accepted START panel");
    expect(text).toContain("END storyboard panel");
    expect(text).toContain("Theo holds the mug up to the window light");
  });

  it.each(["IMAGE_SAFETY", "PROHIBITED_CONTENT", "SAFETY", "BLOCKLIST", "SPII", "IMAGE_PROHIBITED_CONTENT"])(
    "a %s finish is a terminal safety block",
    async (finishReason) => {
      server.replyGenerateContent(blockedAnswer(finishReason));
      const error = await failure(
        createGeminiImageModel({ client: client(), model: MODEL }).generatePanel(request()),
      );
      expect(error).toMatchObject({ code: "PROVIDER_SAFETY_BLOCK", kind: "terminal" });
      expect(error.message).toContain(finishReason);
    },
  );

  it("a blocked prompt (promptFeedback.blockReason) is a terminal safety block", async () => {
    server.replyGenerateContent(promptBlockedAnswer("PROHIBITED_CONTENT"));
    const error = await failure(
      createGeminiImageModel({ client: client(), model: MODEL }).generatePanel(request()),
    );
    expect(error).toMatchObject({ code: "PROVIDER_SAFETY_BLOCK", kind: "terminal" });
    expect(error.details).toMatchObject({ blockReason: "PROHIBITED_CONTENT" });
  });

  it("a text-only answer or no candidates is a retryable empty result", async () => {
    server.replyGenerateContent(
      textAnswer("I can draw that, but first: which kettle?"),
      noCandidatesAnswer(),
      blockedAnswer("NO_IMAGE"),
    );
    const model = createGeminiImageModel({ client: client(), model: MODEL });

    const textOnly = await failure(model.generatePanel(request()));
    expect(textOnly).toMatchObject({ code: "PROVIDER_EMPTY_RESULT", kind: "retryable" });
    expect(textOnly.message).toContain("which kettle");
    expect(await failure(model.generatePanel(request()))).toMatchObject({
      code: "PROVIDER_EMPTY_RESULT",
      kind: "retryable",
    });
    expect(await failure(model.generatePanel(request()))).toMatchObject({
      code: "PROVIDER_EMPTY_RESULT",
      kind: "retryable",
    });
  });

  it("a 429 is retryable after the RetryInfo delay, and the SDK does not retry it by itself", async () => {
    server.replyGenerateContent(rateLimited("12s"));
    const error = await failure(
      createGeminiImageModel({ client: client(), model: MODEL }).generatePanel(request()),
    );
    expect(error).toMatchObject({ code: "PROVIDER_RATE_LIMITED", kind: "retryable", retryAfterMs: 12_000 });
    expect(server.requestsTo("generateContent")).toHaveLength(1);
  });

  it("a 500 is retryable", async () => {
    server.replyGenerateContent(internalError());
    const error = await failure(
      createGeminiImageModel({ client: client(), model: MODEL }).generatePanel(request()),
    );
    expect(error).toMatchObject({ code: "PROVIDER_UNAVAILABLE", kind: "retryable" });
  });

  it("a bad key is a terminal auth failure that does not repeat the key", async () => {
    const wrongKey = "AIzaWrongKeyWrongKeyWrongKey000";
    const model = createGeminiImageModel({ client: client(wrongKey), model: MODEL, redact: [wrongKey] });
    const error = await failure(model.generatePanel(request()));
    expect(error).toMatchObject({ code: "PROVIDER_AUTH", kind: "terminal" });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(wrongKey);
  });

  it("scrubs a key that a provider echoes back in an error", async () => {
    server.replyGenerateContent(
      googleError(
        400,
        "INVALID_ARGUMENT",
        `Bad request to https://example.test/v1beta/models?key=${API_KEY}; key ${API_KEY}`,
      ),
    );
    const model = createGeminiImageModel({ client: client(), model: MODEL, redact: [API_KEY] });
    const error = await failure(model.generatePanel(request()));
    expect(error).toMatchObject({ code: "PROVIDER_BAD_REQUEST", kind: "terminal" });
    expect(error.message).toContain("[redacted]");
  });

  it("a submission that times out or is cancelled mid-call is uncertain; one cancelled before sending is retryable and sends nothing", async () => {
    server.replyGenerateContent({ ...imageAnswer(panel), delayMs: 1_500 });
    const model = createGeminiImageModel({ client: client(), model: MODEL, timeoutMs: 200 });
    expect(await failure(model.generatePanel(request()))).toMatchObject({
      code: "PROVIDER_TIMEOUT",
      kind: "uncertain",
    });

    const midCall = new AbortController();
    server.replyGenerateContent({ ...imageAnswer(panel), delayMs: 1_500 });
    setTimeout(() => midCall.abort(), 100);
    expect(await failure(model.generatePanel(request({ signal: midCall.signal })))).toMatchObject({
      code: "PROVIDER_ABORTED",
      kind: "uncertain",
    });

    const cancelled = new AbortController();
    cancelled.abort();
    server.requests.length = 0;
    expect(await failure(model.generatePanel(request({ signal: cancelled.signal })))).toMatchObject({
      code: "PROVIDER_ABORTED",
      kind: "retryable",
    });
    expect(server.requests).toHaveLength(0);
  });
});
