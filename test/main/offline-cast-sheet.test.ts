import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CAPABILITY_TABLE } from "../../src/core/model-capabilities.ts";
import { createCli } from "./cli-harness.ts";

/**
 * Issue 12 on the offline studio: with the compositor limited to three references (as Gemini 2.5
 * Flash Image is), the five-character 1A is drawn from one cast sheet and still passes every gate,
 * judged against each turnaround as always.
 */
describe("the offline studio with fewer references than characters", () => {
  it("renders the five-character 1A from a cast sheet", async () => {
    const cli = await createCli({
      CONTINUITY_LOCAL_FAULT_RATE: "0",
      CONTINUITY_LOCAL_VIDEO_FAULT_RATE: "0",
      CONTINUITY_FRAME_SIZE: "640x360",
    });
    try {
      const models = join(cli.dir, "models.json");
      await writeFile(
        models,
        JSON.stringify({
          ...DEFAULT_CAPABILITY_TABLE,
          models: {
            ...DEFAULT_CAPABILITY_TABLE.models,
            "local/local-compositor": { role: "image", referenceImages: 3 },
          },
        }),
      );
      cli.env.CONTINUITY_MODELS = models;
      expect((await cli.run("init", "--demo")).code).toBe(0);
      expect((await cli.run("bible", "lock")).code).toBe(0);
      const shown = await cli.run("models");
      expect(shown.out).toContain("3 reference images");
      const rendered = await cli.run("render", "1A");
      expect(rendered.err).toContain("(the 5 characters on one cast sheet)");
      expect(rendered.code).toBe(0);
      expect(rendered.out).toMatch(/1A\s+accepted/);
    } finally {
      await cli.cleanup();
    }
  });
});
