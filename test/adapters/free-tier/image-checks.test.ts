import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { checkImage } from "../../../src/adapters/free-tier/image-checks.ts";
import { drawPlate } from "../../../src/adapters/offline-studio/demo-bible/draw-plate.ts";
import { createLocalImageModel } from "../../../src/adapters/offline-studio/local-image-model.ts";
import type { LocalFinding } from "../../../src/ports/local-checks.ts";
import { type DemoStudio, loadDemoStudio } from "../../helpers/demo-studio.ts";

describe("the free local image checks", () => {
  let studio: DemoStudio;
  let panel: Buffer;
  const check = (
    bytes: Buffer,
    plate = studio.plate("living_room"),
    expectedWidth = 640,
    expectedHeight = 360,
  ) => checkImage({ bytes, expectedWidth, expectedHeight, plate });
  const low = (findings: LocalFinding[]) => findings.filter((f) => f.score < 0.6);

  beforeAll(async () => {
    studio = await loadDemoStudio();
    const model = createLocalImageModel({ seed: 5, faultRate: 0 });
    panel = (await model.generatePanel(studio.panelRequest("scene1", studio.shot("scene1", "1A")))).bytes;
  });

  it("reports one finding per measurement, all high for a clean panel", async () => {
    const findings = await check(panel);
    expect(findings.map((f) => f.criterion)).toEqual([
      "artifacts",
      "artifacts",
      "artifacts",
      "artifacts",
      "location",
    ]);
    // Location by pixels is evidence on a real model's output; everything else decides.
    expect(findings.map((f) => f.decisive)).toEqual([true, true, true, true, false]);
    for (const finding of findings) {
      expect(finding.score, finding.reason).toBeGreaterThanOrEqual(0.8);
      expect(finding.score).toBeLessThanOrEqual(1);
      expect(finding.reason.length).toBeGreaterThan(5);
    }
  });

  it("fails blank and black frames as artifacts", async () => {
    for (const background of [
      { r: 200, g: 200, b: 200 },
      { r: 0, g: 0, b: 0 },
    ]) {
      const image = await sharp({ create: { width: 640, height: 360, channels: 3, background } })
        .png()
        .toBuffer();
      const failing = low(await check(image));
      expect(
        failing.some((f) => f.criterion === "artifacts"),
        JSON.stringify(failing),
      ).toBe(true);
      expect(failing.some((f) => f.criterion === "location")).toBe(true);
    }
  });

  it("fails a wrong size and a wrong aspect", async () => {
    const bigger = await sharp(panel).resize(1280, 720).png().toBuffer();
    const [size] = await check(bigger);
    expect(size?.score).toBeLessThan(0.6);
    expect(size?.reason).toMatch(/1280x720 instead of 640x360/);
    const square = await sharp(panel).resize(360, 360, { fit: "fill" }).png().toBuffer();
    const [aspect] = await check(square);
    expect(aspect?.score).toBe(0);
    expect(aspect?.reason).toMatch(/aspect/);
  });

  it("fails a background far from the plate as location", async () => {
    const elsewhere = await drawPlate("jurassic_swamp", { width: 640, height: 360 });
    const location = (await check(elsewhere)).find((f) => f.criterion === "location");
    expect(location?.score).toBeLessThan(0.6);
    // The same frame checked against its own plate is fine.
    const home = (await check(elsewhere, studio.plate("jurassic_swamp"))).find(
      (f) => f.criterion === "location",
    );
    expect(home?.score).toBeGreaterThanOrEqual(0.8);
  });

  it("fails bytes that are not an image without throwing", async () => {
    const findings = await check(Buffer.from("not a png"));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ criterion: "artifacts", score: 0 });
  });
});
