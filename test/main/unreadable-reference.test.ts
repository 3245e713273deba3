import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { within } from "../helpers/within.ts";
import { createCli } from "./cli-harness.ts";

/**
 * A turnaround that decodes but shows no figure passes the bible's checks (it is a readable image),
 * then cannot be drawn from: the shot must fail visibly with the error and the run must end.
 */
describe("render with a turnaround that shows no figure", () => {
  let cli: Awaited<ReturnType<typeof createCli>>;
  beforeAll(async () => {
    cli = await createCli({ CONTINUITY_FRAME_SIZE: "640x360" });
    expect((await cli.run("init", "--demo")).code).toBe(0);
    const grey = await sharp({
      create: { width: 1280, height: 720, channels: 3, background: { r: 128, g: 128, b: 128 } },
    })
      .png()
      .toFile(join(cli.env.CONTINUITY_BIBLE as string, "characters/leo/leo_turnaround_APPROVED.png"));
    expect(grey.width).toBe(1280);
    expect((await cli.run("bible", "lock")).code).toBe(0);
  });
  afterAll(async () => cli.cleanup());

  it("fails the shot with REFERENCE_UNREADABLE, blames the reference and ends the run with exit 1", async () => {
    const result = await within("render 1C", cli.run("render", "1C", "--json"), 150_000);
    expect(result.code, result.err).toBe(1);
    const summary = result.json();
    expect(summary.status).toBe("failed");
    const shot = summary.shots.find((item: { id: string }) => item.id === "1C");
    expect(shot).toMatchObject({ status: "failed", blame: "reference" });
    expect(shot.message).toMatch(/REFERENCE_UNREADABLE: .*leo/);
  });
});
