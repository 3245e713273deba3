import { describe, expect, it } from "vitest";
import { createCli } from "./cli-harness.ts";

/** `continuity models [--json]` (issue 12): what will run, what it costs and what it can make, before a render. */
describe("continuity models", () => {
  it("prints each role's provider and model, its prices and its capabilities", async () => {
    const cli = await createCli({
      CONTINUITY_PANEL_PROVIDER: "gemini",
      CONTINUITY_VIDEO_PROVIDER: "veo",
      GEMINI_API_KEY: "AIzaFakeModelsKey",
      GEMINI_BASE_URL: "http://127.0.0.1:9",
    });
    try {
      const printed = await cli.run("models");
      expect(printed.code).toBe(0);
      expect(printed.out).toContain("panel  gemini/gemini-2.5-flash-image");
      expect(printed.out).toContain("3 reference images");
      expect(printed.out).toContain("video  veo/veo-3.1-fast-generate-preview");
      expect(printed.out).toContain("$0.15/s");
      expect(printed.out).toContain("4, 6 or 8 s clips; takes an end frame; 16:9 or 9:16");
      expect(printed.out).toContain("judge  local/pixel-judge (offline, simulated)");
      const data = (await cli.run("models", "--json")).json();
      expect(data.models.map((row: { role: string }) => row.role)).toEqual(["panel", "judge", "video"]);
      expect(data.models[2]).toMatchObject({
        provider: "veo",
        model: "veo-3.1-fast-generate-preview",
        price: { pricedAs: "veo/veo-3.1-fast-generate-preview", usdPerSecond: "0.15" },
        capabilities: { role: "video", durations: { oneOf: [4, 6, 8] }, endFrame: true },
      });
      expect(data.models[1]).toMatchObject({
        simulated: true,
        price: { pricedAs: "gemini/gemini-2.5-flash" },
        capabilities: { describedAs: "local/pixel-judge", role: "judge" },
      });
    } finally {
      await cli.cleanup();
    }
  });

  it("shows a model with no entry as failing closed, exit 1", async () => {
    const cli = await createCli({
      CONTINUITY_VIDEO_PROVIDER: "veo",
      CONTINUITY_VEO_MODEL: "veo-9",
      GEMINI_API_KEY: "k",
    });
    try {
      const printed = await cli.run("models");
      expect(printed.code).toBe(1);
      expect(printed.out).toContain("PRICE_UNKNOWN");
      expect(printed.out).toContain("MODEL_CAPABILITIES_UNKNOWN: no capabilities for veo/veo-9");
    } finally {
      await cli.cleanup();
    }
  });
});
