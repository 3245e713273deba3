import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeGeminiServer,
  imageAnswer,
  startFakeGeminiServer,
  textAnswer,
} from "../fakes/fake-gemini-server.ts";
import { type FakeSeedanceServer, startFakeSeedanceServer } from "../fakes/fake-seedance-server.ts";
import { modelOutputs } from "../helpers/provider-fixtures.ts";
import { createCli } from "./cli-harness.ts";

const GEMINI_KEY = "AIzaFakeLimitsRenderKey0123456789";
const SEEDANCE_KEY = "ark-fake-limits-render-0123";

type PanelBody = { contents: { parts: { text?: string; inlineData?: unknown }[] }[] };

/**
 * Issue 12, rendered end to end on the real clients against local servers that refuse what the
 * real APIs refuse (Veo: 400 INVALID_ARGUMENT for a clip that is not 4, 6 or 8 s).
 */
describe("rendering inside the models' limits", () => {
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

  async function cliOn(video: "veo" | "seedance", extra: Record<string, string> = {}) {
    const cli = await createCli({
      CONTINUITY_PANEL_PROVIDER: "gemini",
      CONTINUITY_JUDGE_PROVIDER: "gemini",
      CONTINUITY_VIDEO_PROVIDER: video,
      GEMINI_API_KEY: GEMINI_KEY,
      GEMINI_BASE_URL: gemini.baseUrl,
      SEEDANCE_API_KEY: SEEDANCE_KEY,
      SEEDANCE_BASE_URL: seedance.baseUrl,
      CONTINUITY_FRAME_SIZE: "640x360",
      ...extra,
    });
    expect((await cli.run("init", "--demo")).code).toBe(0);
    expect((await cli.run("bible", "lock")).code).toBe(0);
    return cli;
  }

  it("renders the 12 s five-character 1A on Veo as an 8 s clip under nearest, its panel request within the image model's references", async () => {
    const cli = await cliOn("veo", { CONTINUITY_DURATION_POLICY: "nearest" });
    try {
      const outputs = await modelOutputs(cli.env.CONTINUITY_BIBLE as string, "1A", 8);
      gemini.replyGenerateContent(
        imageAnswer(outputs.panel),
        textAnswer(outputs.judgeAnswer()),
        textAnswer(outputs.judgeAnswer()),
        textAnswer(outputs.judgeAnswer()),
      );
      gemini.scriptVideo({ polls: 1, outcome: { kind: "uri", bytes: outputs.clip } });
      const panelsBefore = gemini.requestsTo("generateContent").length;
      const videosBefore = gemini.requestsTo("predictLongRunning").length;

      const rendered = await cli.run("render", "1A", "--json");
      expect(rendered.err).toContain(
        "renders 1A: 12 s -> 8 s (veo-3.1-fast-generate-preview makes 4, 6 or 8 s clips)",
      );
      const summary = rendered.json();
      expect(summary.status).toBe("done");
      expect(summary.shots[0]).toMatchObject({
        id: "1A",
        status: "accepted",
        durationChange: { askedSeconds: 12, plannedSeconds: 8 },
      });

      const [videoCall] = gemini.requestsTo("predictLongRunning").slice(videosBefore);
      const videoBody = videoCall?.body as { parameters?: { durationSeconds?: number } } | undefined;
      expect(videoBody?.parameters?.durationSeconds).toBe(8);

      // gemini-2.5-flash-image handles 3 references well: the five turnarounds travel as one sheet.
      const [panelCall] = gemini.requestsTo("generateContent").slice(panelsBefore);
      const parts = (panelCall?.body as PanelBody | undefined)?.contents[0]?.parts ?? [];
      expect(parts.filter((part) => part.inlineData).length).toBe(2);
      const captions = parts.map((part) => part.text ?? "").join("\n");
      expect(captions).toContain("cast sheet of 5 characters");
      for (const member of outputs.shot.characters) expect(captions).toContain(`"${member.id}"`);
      // The judge still gets every turnaround and the plate, one by one.
      const judgeCall = gemini.requestsTo("generateContent")[panelsBefore + 1];
      const judgeParts = (judgeCall?.body as PanelBody | undefined)?.contents[0]?.parts ?? [];
      expect(judgeParts.filter((part) => part.inlineData).length).toBeGreaterThanOrEqual(
        outputs.castSize + 2,
      );
    } finally {
      await cli.cleanup();
    }
  });

  it.each(["veo", "seedance"] as const)(
    "renders the 8 s shot 1C on %s under the default policy",
    async (video) => {
      const cli = await cliOn(video);
      try {
        const outputs = await modelOutputs(cli.env.CONTINUITY_BIBLE as string, "1C");
        gemini.replyGenerateContent(
          imageAnswer(outputs.panel),
          textAnswer(outputs.judgeAnswer()),
          textAnswer(outputs.judgeAnswer()),
          textAnswer(outputs.judgeAnswer()),
        );
        if (video === "veo") gemini.scriptVideo({ polls: 1, outcome: { kind: "uri", bytes: outputs.clip } });
        else
          seedance.scriptTask({ polls: 1, outcome: { kind: "succeeded", bytes: outputs.clip, duration: 8 } });
        const summary = (await cli.run("render", "1C", "--json")).json();
        expect(summary.status).toBe("done");
        expect(summary.shots[0]).toMatchObject({ id: "1C", status: "accepted", durationChange: null });
      } finally {
        await cli.cleanup();
      }
    },
  );
});
