import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCharacter } from "../../src/adapters/offline-studio/demo-bible/demo-cast.ts";
import { withOverride } from "../../src/adapters/offline-studio/demo-bible/draw-character.ts";
import { drawStill } from "../../src/adapters/offline-studio/demo-bible/draw-still.ts";
import { outfitFromWardrobe } from "../../src/adapters/offline-studio/demo-bible/outfit.ts";
import { createCli } from "./cli-harness.ts";

/**
 * `continuity validate` judges image files it has never seen, drawn by hand in the demo bible's
 * style rather than by the panel generator: shot 1B is Mia alone, in the magenta star top and jeans.
 */
describe("continuity validate --shot --image", () => {
  let cli: Awaited<ReturnType<typeof createCli>>;
  const MIA_1B = "magenta star top and jeans";
  const mia = (override?: Parameters<typeof withOverride>[1], wardrobe = MIA_1B) =>
    drawStill({
      locationId: "living_room",
      width: 640,
      height: 360,
      figures: [
        {
          design: withOverride(demoCharacter("mia"), override),
          outfit: outfitFromWardrobe(wardrobe),
          x: 0.5,
        },
      ],
    });
  beforeAll(async () => {
    cli = await createCli({ CONTINUITY_FRAME_SIZE: "640x360" });
    expect((await cli.run("init", "--demo")).code).toBe(0);
    const manifest = JSON.parse((await cli.run("bible", "check", "--json")).out);
    expect(manifest.scenes).toContainEqual({ id: "scene1", shots: 9 });
  });
  afterAll(async () => cli.cleanup());

  async function file(name: string, bytes: Buffer) {
    const path = join(cli.dir, name);
    await writeFile(path, bytes);
    return path;
  }

  it("passes an on-model still and prints its scores (exit 0)", async () => {
    const result = await cli.run(
      "validate",
      "--shot",
      "1B",
      "--image",
      await file("mia.png", await mia()),
      "--json",
    );
    expect(result.code).toBe(0);
    const data = result.json();
    expect(data.passed).toBe(true);
    expect(data.scores.characters[0].id).toBe("mia");
    expect(
      data.findings.every((finding: { decisive: unknown }) => typeof finding.decisive === "boolean"),
    ).toBe(true);
  });

  it.each([
    [
      "the field report's v3 Mia with her hair in a tight bun",
      () => mia({ hairStyle: "tight-bun" }),
      "identity",
    ],
    ["Mia in the wrong clothes", () => mia(undefined, "teal hoodie and grey trousers"), "wardrobe"],
    [
      "a black frame",
      () =>
        sharp({ create: { width: 640, height: 360, channels: 3, background: "#000" } })
          .png()
          .toBuffer(),
      "artifacts",
    ],
  ])("fails %s (exit 1) and says which criterion", async (_label, draw, criterion) => {
    const path = await file(`${criterion}.png`, await draw());
    const result = await cli.run("validate", "--shot", "1B", "--image", path);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(new RegExp(`FAIL ${criterion}`));
  });

  it("fits a 1344x768 answer to the frame as the panel stage does, and marks every finding decisive or advisory", async () => {
    const native = await sharp(await mia())
      .resize(1344, 768, { fit: "fill" })
      .jpeg({ quality: 80 })
      .toBuffer();
    const result = await cli.run(
      "validate",
      "--shot",
      "1B",
      "--image",
      await file("native.jpg", native),
      "--json",
    );
    const data = result.json();
    expect(data.size).toEqual({ original: "1344x768", judged: "640x360" });
    expect(data.failures).toEqual([]);
    expect(result.code).toBe(0);
    expect(data.findings.length).toBeGreaterThan(5);
    for (const finding of data.findings) expect(typeof finding.decisive).toBe("boolean");
    expect(data.findings).toContainEqual(
      expect.objectContaining({ tier: "local", criterion: "location", decisive: false }),
    );
    expect(data.decidedBy).toMatchObject({ identity: "offline judge", artifacts: "offline judge" });
  });

  it("--free-only asks no judge and says so", async () => {
    const result = await cli.run(
      "validate",
      "--shot",
      "1B",
      "--image",
      await file("free.png", await mia()),
      "--free-only",
      "--json",
    );
    const data = result.json();
    expect(result.code).toBe(0);
    expect(data.scores).toBeNull();
    expect(data.runId).toBeNull();
    expect(data.judgeNote).toMatch(/--free-only/);
    expect(data.decidedBy).toMatchObject({ identity: "not judged", artifacts: "free tier" });
    expect(data.findings.every((finding: { tier: string }) => finding.tier === "local")).toBe(true);
  });

  it("refuses a missing file or an unknown shot with a clear message", async () => {
    const missing = await cli.run("validate", "--shot", "1B", "--image", join(cli.dir, "nope.png"));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read image .*nope.png/);
    const unknown = await cli.run("validate", "--shot", "9Z", "--image", join(cli.dir, "mia.png"));
    expect(unknown.err).toMatch(/UNKNOWN_SHOT/);
  });
});
