import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCharacter } from "../../src/adapters/offline-studio/demo-bible/demo-cast.ts";
import { drawStill } from "../../src/adapters/offline-studio/demo-bible/draw-still.ts";
import { outfitFromWardrobe } from "../../src/adapters/offline-studio/demo-bible/outfit.ts";
import { costOfUsage, DEFAULT_PRICE_TABLE, priceFor } from "../../src/core/prices.ts";
import type { Scores } from "../../src/core/scores.ts";
import { type FakeGeminiServer, startFakeGeminiServer, textAnswer } from "../fakes/fake-gemini-server.ts";
import { createCli } from "./cli-harness.ts";

const GEMINI_KEY = "AIzaFakeValidateKey0123456789";
const USAGE = { promptTokenCount: 7_200, candidatesTokenCount: 640, thoughtsTokenCount: 900 };
const ONE_CALL = costOfUsage(priceFor(DEFAULT_PRICE_TABLE, "gemini", "gemini-2.5-flash"), "judge", {
  inputTokens: USAGE.promptTokenCount,
  outputTokens: USAGE.candidatesTokenCount + USAGE.thoughtsTokenCount,
});

function sheet(identity: number): string {
  const good = { score: 0.93, reason: "matches the reference" };
  const scores: Scores = {
    characters: [{ id: "mia", identity: { score: identity, reason: "face and hair" }, wardrobe: good }],
    charactersPresent: { score: 1, reason: "Mia is in frame", missing: [], extra: [] },
    location: good,
    props: good,
    continuity: null,
    artifacts: good,
  };
  return JSON.stringify(scores);
}

/**
 * `validate` with CONTINUITY_JUDGE_PROVIDER=gemini: the real @google/genai SDK against a local
 * server speaking Google's REST shapes. A real-looking answer at the model's own size (1344x768,
 * JPEG, graded) passes the free tier and reaches the paid judge, which is reserved and settled
 * by the governor and shows in `spend`; a score at the border is asked once more.
 */
describe("continuity validate with the Gemini judge", () => {
  let gemini: FakeGeminiServer;
  let image: string;
  const clis: Awaited<ReturnType<typeof createCli>>[] = [];
  const cliWith = async (env: Record<string, string> = {}) => {
    const cli = await createCli({
      CONTINUITY_JUDGE_PROVIDER: "gemini",
      GEMINI_API_KEY: GEMINI_KEY,
      GEMINI_BASE_URL: gemini.baseUrl,
      CONTINUITY_FRAME_SIZE: "640x360",
      ...env,
    });
    clis.push(cli);
    expect((await cli.run("init", "--demo")).code).toBe(0);
    expect((await cli.run("bible", "lock")).code).toBe(0);
    return cli;
  };
  beforeAll(async () => {
    gemini = await startFakeGeminiServer(GEMINI_KEY);
    const still = await drawStill({
      locationId: "living_room",
      width: 1280,
      height: 720,
      figures: [
        { design: demoCharacter("mia"), outfit: outfitFromWardrobe("magenta star top and jeans"), x: 0.45 },
      ],
    });
    const cli = await cliWith();
    image = join(cli.dir, "gemini-answer.jpg");
    await writeFile(
      image,
      await sharp(still)
        .modulate({ brightness: 1.08 })
        .resize(1344, 768, { fit: "fill" })
        .jpeg({ quality: 70 })
        .toBuffer(),
    );
  });
  afterAll(async () => {
    await gemini.close();
    for (const cli of clis) await cli.cleanup();
  });

  it("passes a real-looking 1344x768 answer through the free tier to the paid judge, charged and listed by spend", async () => {
    const cli = clis[0] as (typeof clis)[number];
    const before = gemini.requestsTo("generateContent").length;
    gemini.replyGenerateContent(textAnswer(sheet(0.93), USAGE));
    const result = await cli.run("validate", "--shot", "1B", "--image", image, "--json");
    const data = result.json();
    expect(data.size).toEqual({ original: "1344x768", judged: "640x360" });
    expect(result.code, JSON.stringify(data.failures)).toBe(0);
    expect(gemini.requestsTo("generateContent").length - before).toBe(1);
    expect(data.decidedBy).toMatchObject({ identity: "judge", wardrobe: "judge", location: "judge" });
    expect(data.findings).toContainEqual(
      expect.objectContaining({ tier: "local", criterion: "location", decisive: false }),
    );
    expect(data.findings).toContainEqual(
      expect.objectContaining({ tier: "judge", criterion: "identity", decisive: true }),
    );
    const spend = (await cli.run("spend", "--json")).json();
    expect(spend.byModel).toContainEqual(
      expect.objectContaining({ provider: "gemini", model: "gemini-2.5-flash", calls: 1 }),
    );
    const status = (await cli.run("status", data.runId, "--json")).json();
    expect(status.spentMicros).toBe(ONE_CALL);
  });

  it("asks once more at the border, keeps the lower score, and charges both calls to the attempt", async () => {
    const cli = await cliWith();
    const before = gemini.requestsTo("generateContent").length;
    // 0.78 is within 0.05 of identity's 0.75: the second opinion, 0.71, fails it.
    gemini.replyGenerateContent(textAnswer(sheet(0.78), USAGE), textAnswer(sheet(0.71), USAGE));
    const result = await cli.run("validate", "--shot", "1B", "--image", image, "--json");
    const data = result.json();
    expect(gemini.requestsTo("generateContent").length - before).toBe(2);
    expect(result.code).toBe(1);
    expect(data.failures).toEqual([
      expect.objectContaining({ criterion: "identity", subject: "mia", score: 0.71 }),
    ]);
    const status = (await cli.run("status", data.runId, "--json")).json();
    expect(status.spentMicros).toBe(2 * ONE_CALL);
  });

  it("asks once with CONTINUITY_JUDGE_BORDER=0, and --free-only asks nothing", async () => {
    const cli = await cliWith({ CONTINUITY_JUDGE_BORDER: "0" });
    const before = gemini.requestsTo("generateContent").length;
    gemini.replyGenerateContent(textAnswer(sheet(0.78), USAGE));
    const result = await cli.run("validate", "--shot", "1B", "--image", image, "--json");
    expect(result.code).toBe(0);
    expect(gemini.requestsTo("generateContent").length - before).toBe(1);
    const free = await cli.run("validate", "--shot", "1B", "--image", image, "--free-only", "--json");
    expect(free.json()).toMatchObject({ runId: null, scores: null });
    expect(gemini.requestsTo("generateContent").length - before).toBe(1);
    expect((await cli.run("spend", "--json")).json().byModel).toEqual([
      expect.objectContaining({ provider: "gemini", calls: 1 }),
    ]);
  });
});
