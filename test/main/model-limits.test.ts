import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGeminiServer, startFakeGeminiServer } from "../fakes/fake-gemini-server.ts";
import { type FakeSeedanceServer, startFakeSeedanceServer } from "../fakes/fake-seedance-server.ts";
import { createCli } from "./cli-harness.ts";

const GEMINI_KEY = "AIzaFakeLimitsKey0123456789";
const SEEDANCE_KEY = "ark-fake-limits-key-0123";
const VEO_REFUSAL = "1A is 12 s; veo-3.1-fast-generate-preview makes 4, 6 or 8 s clips";

/**
 * Issue 12: a shot the configured models cannot make is refused at plan time, on the real CLI
 * against local servers that refuse what the real APIs refuse: exit 2, the shot, the model, what
 * it asked and what it allows, no provider call, nothing spent and no run left behind.
 */
describe("plan-time refusals of what the models cannot make", () => {
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
      ...extra,
    });
    expect((await cli.run("init", "--demo")).code).toBe(0);
    expect((await cli.run("bible", "lock")).code).toBe(0);
    return cli;
  }

  async function expectNothingSpentAndNoRun(cli: Awaited<ReturnType<typeof cliOn>>) {
    const spend = (await cli.run("spend", "--json")).json();
    expect(spend.totalMicros).toBe(0);
    const status = await cli.run("status");
    expect(status.code).toBe(2);
    expect(status.err).toContain("no runs yet");
  }

  it("estimate scene1 and render 1A on Veo refuse the 12-second shot with exit 2 and $0 spent", async () => {
    const cli = await cliOn("veo");
    const before = gemini.requests.length;
    try {
      const estimated = await cli.run("estimate", "scene1");
      expect(estimated.code).toBe(2);
      expect(estimated.err).toContain("error SHOT_DURATION_UNSUPPORTED");
      expect(estimated.err).toContain(VEO_REFUSAL);
      // The demo's 5 s and 7 s shots are refused in the same answer: every shot is checked, not the first.
      expect(estimated.err).toContain("3 problems, nothing was spent");
      expect(estimated.err).toMatch(/1\w is 5 s; veo-3.1-fast-generate-preview makes 4, 6 or 8 s clips/);
      expect(estimated.err).toMatch(/1\w is 7 s; veo-3.1-fast-generate-preview makes 4, 6 or 8 s clips/);
      const rendered = await cli.run("render", "1A");
      expect(rendered.code).toBe(2);
      expect(rendered.err).toContain(VEO_REFUSAL);
      expect(rendered.err).toContain("CONTINUITY_DURATION_POLICY=nearest");
      expect(gemini.requests.length).toBe(before);
      await expectNothingSpentAndNoRun(cli);
    } finally {
      await cli.cleanup();
    }
  });

  it("estimate under CONTINUITY_DURATION_POLICY=nearest shows each shot's change and prices the 8 s clip", async () => {
    // One bible; each command reads the configuration afresh, so the policy is switched between them.
    const cli = await cliOn("veo");
    try {
      const eight = (await cli.run("estimate", "1C", "--json")).json();
      cli.env.CONTINUITY_DURATION_POLICY = "nearest";
      const estimated = await cli.run("estimate", "1A", "--json");
      expect(estimated.code).toBe(0);
      const data = estimated.json();
      expect(data.durationChanges).toEqual([
        expect.objectContaining({ shotId: "1A", askedSeconds: 12, plannedSeconds: 8 }),
      ]);
      const text = await cli.run("estimate", "1A");
      expect(text.out).toContain("1A: 12 s -> 8 s (veo-3.1-fast-generate-preview makes 4, 6 or 8 s clips)");
      // An 8 s shot on the same model is priced the same whichever policy is set.
      const eightNearest = (await cli.run("estimate", "1C", "--json")).json();
      expect(eightNearest.expectedMicros).toBe(eight.expectedMicros);
      expect(eightNearest.durationChanges).toEqual([]);
      // The 12 s shot is priced as the 8 s clip it will be (estimates do not depend on the cast's size).
      expect(data.expectedMicros).toBe(eight.expectedMicros);
    } finally {
      await cli.cleanup();
    }
  });

  it("render 1C --frames on a first-frame-only model is refused at plan time", async () => {
    const cli = await cliOn("seedance");
    const before = seedance.requests.length + gemini.requests.length;
    try {
      const rendered = await cli.run("render", "1C", "--frames");
      expect(rendered.code).toBe(2);
      expect(rendered.err).toContain("error FRAMES_UNSUPPORTED");
      expect(rendered.err).toContain(
        "--frames asks 1C for an end frame; seedance-1-0-pro-fast-251015 takes a first frame only",
      );
      expect(seedance.requests.length + gemini.requests.length).toBe(before);
      await expectNothingSpentAndNoRun(cli);
    } finally {
      await cli.cleanup();
    }
  });

  it("a frame size the video model cannot make is refused, and a model with no capabilities fails closed", async () => {
    const cli = await cliOn("veo", { CONTINUITY_FRAME_SIZE: "720x720" });
    try {
      const squared = await cli.run("estimate", "1C");
      expect(squared.code).toBe(2);
      expect(squared.err).toContain("error ASPECT_UNSUPPORTED");
      expect(squared.err).toContain("16:9 or 9:16");
      cli.env.CONTINUITY_FRAME_SIZE = "1280x720";
      cli.env.CONTINUITY_VEO_MODEL = "veo-9-imaginary";
      const unknownModel = await cli.run("estimate", "1C");
      expect(unknownModel.code).toBe(2);
      expect(unknownModel.err).toContain("error MODEL_CAPABILITIES_UNKNOWN");
      expect(unknownModel.err).toContain("veo/veo-9-imaginary");
    } finally {
      await cli.cleanup();
    }
  });

  it("CONTINUITY_MODELS replaces the table; a malformed one is named by file and path", async () => {
    const cli = await cliOn("veo");
    try {
      const good = join(cli.dir, "models.json");
      await writeFile(
        good,
        JSON.stringify({
          version: "team-1",
          models: {
            "gemini/gemini-2.5-flash-image": { role: "image", referenceImages: 3 },
            "gemini/gemini-2.5-flash": { role: "judge", imagesPerRequest: 16 },
            "veo/veo-3.1-fast-generate-preview": {
              role: "video",
              durations: { min: 4, max: 12 },
              endFrame: true,
              resolutions: ["720p"],
            },
          },
        }),
      );
      const bad = join(cli.dir, "bad-models.json");
      await writeFile(
        bad,
        JSON.stringify({ version: "x", models: { "veo/v": { role: "video", durations: { oneOf: [] } } } }),
      );
      const replaced = await cli.run("estimate", "1A");
      expect(replaced.code).toBe(2);
      cli.env.CONTINUITY_MODELS = good;
      expect((await cli.run("estimate", "1A")).code).toBe(0);
      cli.env.CONTINUITY_MODELS = bad;
      const malformed = await cli.run("estimate", "1A");
      expect(malformed.code).toBe(2);
      expect(malformed.err).toContain("error CONFIG_INVALID: CONTINUITY_MODELS");
      expect(malformed.err).toContain(bad);
      expect(malformed.err).toContain("models.veo/v");
    } finally {
      await cli.cleanup();
    }
  });
});
