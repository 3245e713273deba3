import { GoogleGenAI } from "@google/genai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGeminiJudge } from "../../../src/adapters/gemini/gemini-judge.ts";
import { isProviderError, type ProviderError } from "../../../src/core/provider-error.ts";
import { type Scores, scoresSchema } from "../../../src/core/scores.ts";
import type { JudgeRequest } from "../../../src/ports/judge.ts";
import {
  blockedAnswer,
  type FakeGeminiServer,
  promptBlockedAnswer,
  rateLimited,
  startFakeGeminiServer,
  textAnswer,
} from "../../fakes/fake-gemini-server.ts";
import { sampleShot } from "../../fakes/sample-shot.ts";
import { makePng } from "../../fakes/test-media.ts";

const API_KEY = "AIzaFakeJudgeKey0123456789abcd";
const MODEL = "gemini-2.5-flash";

let server: FakeGeminiServer;
let base: Omit<JudgeRequest, "signal">;

const goodScores: Scores = {
  characters: [
    {
      id: "mara",
      identity: { score: 0.92, reason: "Face and hair match." },
      wardrobe: { score: 0.85, reason: "Yellow raincoat present." },
    },
    {
      id: "theo",
      identity: { score: 0.88, reason: "Build matches." },
      wardrobe: { score: 0.4, reason: "No red tie." },
    },
  ],
  charactersPresent: { score: 1, reason: "Both present.", missing: [], extra: [] },
  location: { score: 0.9, reason: "Same kitchen." },
  props: { score: 0.7, reason: "Mug visible, kettle partly cropped." },
  continuity: { score: 0.8, reason: "Lighting consistent." },
  artifacts: { score: 0.95, reason: "Clean." },
};

function client(): GoogleGenAI {
  return new GoogleGenAI({ apiKey: API_KEY, httpOptions: { baseUrl: server.baseUrl, apiVersion: "v1beta" } });
}

function request(overrides: Partial<JudgeRequest> = {}): JudgeRequest {
  return { ...base, signal: new AbortController().signal, ...overrides };
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

interface SentBody {
  contents: { parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[];
  systemInstruction?: { parts: { text: string }[] };
  generationConfig: Record<string, unknown>;
}
function sent(index = 0): SentBody {
  return server.requestsTo("generateContent")[index]?.body as SentBody;
}

beforeAll(async () => {
  server = await startFakeGeminiServer(API_KEY);
  base = {
    sceneId: "scene1",
    shot: sampleShot(),
    artifact: {
      kind: "panel",
      label: "1A start, attempt 2",
      bytes: await makePng(64, 36, [10, 10, 10]),
      mime: "image/png",
    },
    cast: [
      {
        id: "mara",
        wardrobe: "yellow raincoat over a grey hoodie",
        turnaround: { bytes: await makePng(32, 32, [255, 0, 0]), mime: "image/png" },
      },
      {
        id: "theo",
        wardrobe: "navy school blazer with a red tie",
        turnaround: { bytes: await makePng(32, 32, [0, 0, 255]), mime: "image/png" },
      },
    ],
    location: { id: "kitchen", plate: { bytes: await makePng(64, 36, [0, 255, 0]), mime: "image/png" } },
    props: ["red kettle", "cracked blue mug"],
    continuity: { shotId: "0Z", bytes: await makePng(64, 36, [90, 90, 90]), mime: "image/jpeg" },
  };
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe("gemini judge", () => {
  it("asks for schema-constrained JSON at high media resolution and returns the parsed answer with usage", async () => {
    server.replyGenerateContent(
      textAnswer(JSON.stringify(goodScores), {
        promptTokenCount: 5200,
        candidatesTokenCount: 310,
        thoughtsTokenCount: 900,
      }),
    );
    const judge = createGeminiJudge({ client: client(), model: MODEL });

    const answer = await judge.score(request());

    expect(judge).toMatchObject({ provider: "gemini", modelId: MODEL, simulated: false });
    expect(answer.raw).toEqual(goodScores);
    expect(scoresSchema.safeParse(answer.raw).success).toBe(true);
    expect(answer.usage).toEqual({ inputTokens: 5200, outputTokens: 1210 });

    const body = sent();
    expect(server.requestsTo("generateContent")[0]?.path).toBe(`/v1beta/models/${MODEL}:generateContent`);
    expect(body.generationConfig.responseMimeType).toBe("application/json");
    expect(body.generationConfig.mediaResolution).toBe("MEDIA_RESOLUTION_HIGH");
    const schema = body.generationConfig.responseJsonSchema as {
      $schema?: string;
      properties: {
        characters: { minItems: number; maxItems: number; items: { properties: { id: { enum: string[] } } } };
      };
    };
    expect(schema.$schema).toBeUndefined();
    expect(schema.properties.characters.items.properties.id.enum).toEqual(["mara", "theo"]);
    expect(schema.properties.characters).toMatchObject({ minItems: 2, maxItems: 2 });
    expect(body.systemInstruction?.parts[0]?.text).toContain("continuity supervisor");
  });

  it("orders the artifact, the expected cast with wardrobe, the plate, and keeps the previous shot apart", async () => {
    server.replyGenerateContent(textAnswer(JSON.stringify(goodScores)));
    await createGeminiJudge({ client: client(), model: MODEL }).score(request());

    const parts = sent().contents[0]?.parts ?? [];
    const images = parts.filter((part) => part.inlineData);
    expect(images).toHaveLength(5);
    expect(images.map((part) => part.inlineData?.mimeType)).toEqual([
      "image/png",
      "image/png",
      "image/png",
      "image/png",
      "image/jpeg",
    ]);
    expect(Buffer.from(images[0]?.inlineData?.data ?? "", "base64").equals(base.artifact.bytes)).toBe(true);

    const labels = parts.map((part) => part.text ?? "<image>");
    expect(labels[0]).toMatch(/^ARTIFACT TO SCORE: panel "1A start, attempt 2"/);
    expect(labels[1]).toBe("<image>");
    const mara = labels.findIndex((label) => label.startsWith('Character "mara"'));
    expect(labels[mara]).toContain("Wardrobe in this shot: yellow raincoat over a grey hoodie");
    expect(labels[mara + 1]).toBe("<image>");
    expect(labels.find((label) => label.startsWith('Character "theo"'))).toContain(
      "navy school blazer with a red tie",
    );
    const previous = labels.findIndex((label) => label.startsWith("PREVIOUS SHOT 0Z, FOR CONTINUITY ONLY"));
    expect(labels[previous]).toContain("Its cast is not expected here");
    expect(previous).toBeGreaterThan(labels.findIndex((label) => label.startsWith("LOCATION")));
    expect(labels.join("\n")).toContain("KEY PROPS that must be visible: red kettle; cracked blue mug");
  });

  it("without a previous shot asks for continuity null, in the schema and the prompt", async () => {
    server.replyGenerateContent(textAnswer(JSON.stringify({ ...goodScores, continuity: null })));
    const answer = await createGeminiJudge({ client: client(), model: MODEL }).score(
      request({ continuity: undefined }),
    );

    expect(answer.raw).toMatchObject({ continuity: null });
    const schema = sent().generationConfig.responseJsonSchema as { properties: { continuity: unknown } };
    expect(schema.properties.continuity).toEqual({ type: "null" });
    const text = (sent().contents[0]?.parts ?? []).map((part) => part.text ?? "").join("\n");
    expect(text).not.toContain("PREVIOUS SHOT");
    expect(text).toContain("- continuity: null.");
    expect((sent().contents[0]?.parts ?? []).filter((part) => part.inlineData)).toHaveLength(4);
  });

  it("text that is not JSON is a retryable JUDGE_MALFORMED", async () => {
    server.replyGenerateContent(
      textAnswer('{"characters": [ {"id": "mara", "identity": {"score": 0.9', {}, "MAX_TOKENS"),
    );
    const error = await failure(createGeminiJudge({ client: client(), model: MODEL }).score(request()));
    expect(error).toMatchObject({ code: "JUDGE_MALFORMED", kind: "retryable" });
    expect(error.message).toContain("MAX_TOKENS");
  });

  it("safety blocks are terminal", async () => {
    server.replyGenerateContent(blockedAnswer("SAFETY"), promptBlockedAnswer("IMAGE_SAFETY"));
    const judge = createGeminiJudge({ client: client(), model: MODEL });
    expect(await failure(judge.score(request()))).toMatchObject({
      code: "PROVIDER_SAFETY_BLOCK",
      kind: "terminal",
    });
    expect(await failure(judge.score(request()))).toMatchObject({
      code: "PROVIDER_SAFETY_BLOCK",
      kind: "terminal",
    });
  });

  it("a 429 is retryable after the RetryInfo delay", async () => {
    server.replyGenerateContent(rateLimited("1.5s"));
    const error = await failure(createGeminiJudge({ client: client(), model: MODEL }).score(request()));
    expect(error).toMatchObject({ code: "PROVIDER_RATE_LIMITED", kind: "retryable", retryAfterMs: 1_500 });
  });
});
