import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFolderStorage } from "../../src/adapters/folder-storage.ts";
import { createLocalImageModel } from "../../src/adapters/offline-studio/local-image-model.ts";
import { createLocalVideoModel } from "../../src/adapters/offline-studio/local-video-model.ts";
import { plateKey, turnaroundKey } from "../../src/core/bible-layout.ts";
import { parseManifest } from "../../src/core/manifest.ts";
import { costOfUsage, DEFAULT_PRICE_TABLE, priceFor } from "../../src/core/prices.ts";
import {
  type FakeGeminiServer,
  imageAnswer,
  startFakeGeminiServer,
  textAnswer,
} from "../fakes/fake-gemini-server.ts";
import { type FakeSeedanceServer, startFakeSeedanceServer } from "../fakes/fake-seedance-server.ts";
import { modelOutputs } from "../helpers/provider-fixtures.ts";
import { createCli } from "./cli-harness.ts";

const GEMINI_KEY = "AIzaFakePipelineKey0123456789";
const SEEDANCE_KEY = "ark-fake-pipeline-key-0123";
const SHOT = "1B";
const IMAGE_USAGE = { promptTokenCount: 5_400, candidatesTokenCount: 1_290 };
const JUDGE_USAGE = { promptTokenCount: 7_200, candidatesTokenCount: 640, thoughtsTokenCount: 900 };

/**
 * The whole pipeline on the real clients (the @google/genai SDK and our Seedance client) talking
 * HTTP to local servers that speak the providers' REST shapes: a user who sets the keys and the
 * three provider variables renders with no other change, and the ledger is exactly the usage the
 * servers reported times the price table.
 */
describe("render on Gemini panels, the Gemini judge, and Veo or Seedance video", () => {
  let gemini: FakeGeminiServer;
  let seedance: FakeSeedanceServer;
  beforeAll(async () => {
    gemini = await startFakeGeminiServer(GEMINI_KEY);
    seedance = await startFakeSeedanceServer(SEEDANCE_KEY);
  });
  afterAll(async () => {
    await gemini.close();
    await seedance.close();
  });

  it.each([
    ["veo", {}],
    ["seedance", { SEEDANCE_API_KEY: SEEDANCE_KEY }],
  ])(
    "render %s succeeds and its ledger is the reported usage times the price table",
    async (video, extra) => {
      const cli = await createCli({
        CONTINUITY_PANEL_PROVIDER: "gemini",
        CONTINUITY_JUDGE_PROVIDER: "gemini",
        CONTINUITY_VIDEO_PROVIDER: video,
        GEMINI_API_KEY: GEMINI_KEY,
        GEMINI_BASE_URL: gemini.baseUrl,
        SEEDANCE_BASE_URL: seedance.baseUrl,
        CONTINUITY_FRAME_SIZE: "640x360",
        ...extra,
      });
      try {
        expect((await cli.run("init", "--demo")).code).toBe(0);
        expect((await cli.run("bible", "lock")).code).toBe(0);
        const outputs = await modelOutputs(cli.env.CONTINUITY_BIBLE as string, SHOT);
        gemini.replyGenerateContent(
          imageAnswer(outputs.panel, IMAGE_USAGE),
          textAnswer(outputs.judgeAnswer(), JUDGE_USAGE),
          textAnswer(outputs.judgeAnswer(), JUDGE_USAGE),
          textAnswer(outputs.judgeAnswer(), JUDGE_USAGE),
        );
        if (video === "veo") gemini.scriptVideo({ polls: 2, outcome: { kind: "uri", bytes: outputs.clip } });
        else
          seedance.scriptTask({
            polls: 2,
            outcome: { kind: "succeeded", bytes: outputs.clip, completionTokens: 108_900, duration: 6 },
          });

        const rendered = await cli.run("render", SHOT, "--json");
        expect(rendered.err).not.toContain(GEMINI_KEY);
        const summary = rendered.json();
        expect(summary.status).toBe("done");
        expect(summary.shots[0]).toMatchObject({ id: SHOT, status: "accepted" });

        // The panel request carried the cast's turnarounds and the plate; the judge asked for JSON by schema.
        const [panelCall, judgeCall] = gemini.requestsTo("generateContent");
        const panelBody = panelCall?.body as { contents: { parts: { inlineData?: unknown }[] }[] };
        const inlineImages = panelBody.contents[0]?.parts.filter((part) => part.inlineData) ?? [];
        // One turnaround per cast member, and the location plate.
        expect(inlineImages.length).toBe(outputs.castSize + 1);
        expect(panelCall?.path).toContain("gemini-2.5-flash-image:generateContent");
        const judgeBody = judgeCall?.body as { generationConfig: Record<string, unknown> };
        expect(judgeBody.generationConfig.responseMimeType).toBe("application/json");
        expect(judgeBody.generationConfig.responseJsonSchema).toBeDefined();

        const image = priceFor(DEFAULT_PRICE_TABLE, "gemini", "gemini-2.5-flash-image");
        const judge = priceFor(DEFAULT_PRICE_TABLE, "gemini", "gemini-2.5-flash");
        const clip =
          video === "veo"
            ? priceFor(DEFAULT_PRICE_TABLE, "veo", "veo-3.1-fast-generate-preview")
            : priceFor(DEFAULT_PRICE_TABLE, "seedance", "seedance-1-0-pro-fast-251015");
        const expected =
          costOfUsage(image, "image", {
            inputTokens: IMAGE_USAGE.promptTokenCount,
            outputTokens: IMAGE_USAGE.candidatesTokenCount,
            images: 1,
          }) +
          3 *
            costOfUsage(judge, "judge", {
              inputTokens: JUDGE_USAGE.promptTokenCount,
              outputTokens: JUDGE_USAGE.candidatesTokenCount + JUDGE_USAGE.thoughtsTokenCount,
            }) +
          costOfUsage(clip, "video", { seconds: 6 });
        expect(summary.spentMicros).toBe(expected);
        const spend = (await cli.run("spend", "--json")).json();
        expect(spend.byModel.map((row: { provider: string }) => row.provider).sort()).toEqual(
          ["gemini", "gemini", video].sort(),
        );
        expect(spend.simulatedMicros).toBe(0);
      } finally {
        await cli.cleanup();
      }
    },
  );
});
