import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { createLocalImageModel } from "../../src/adapters/offline-studio/local-image-model.ts";
import { createSharpCastSheet } from "../../src/adapters/sharp-cast-sheet.ts";
import type { ReferenceImage } from "../../src/ports/image-model.ts";
import { type DemoStudio, loadDemoStudio } from "../helpers/demo-studio.ts";

/** The cast sheet (issue 12): several turnarounds in one image, each with its id beneath, none dropped. */
describe("the sharp cast sheet", () => {
  let studio: DemoStudio;
  beforeAll(async () => {
    studio = await loadDemoStudio();
  });

  function castOf(shotId: string): ReferenceImage[] {
    const request = studio.panelRequest("scene1", studio.shot("scene1", shotId));
    return request.references.filter((reference) => reference.role === "character");
  }

  it("holds every character's turnaround, unaltered in its cell, and a dark label beneath each", async () => {
    const cast = castOf("1A");
    expect(cast.length).toBe(5);
    const sheet = await createSharpCastSheet().compose(
      cast.map((member) => ({ id: member.id, bytes: member.bytes })),
    );
    expect(sheet.cells.map((cell) => cell.id)).toEqual(cast.map((member) => member.id));
    const meta = await sharp(sheet.bytes).metadata();
    expect(meta.format).toBe("png");
    for (const [index, cell] of sheet.cells.entries()) {
      const member = cast[index] as ReferenceImage;
      const original = await sharp(member.bytes)
        .resize(cell.width, cell.height)
        .removeAlpha()
        .raw()
        .toBuffer();
      const inSheet = await sharp(sheet.bytes)
        .extract({ left: cell.left, top: cell.top, width: cell.width, height: cell.height })
        .removeAlpha()
        .raw()
        .toBuffer();
      let difference = 0;
      for (let i = 0; i < original.length; i++)
        difference += Math.abs((original[i] ?? 0) - (inSheet[i] ?? 0));
      expect(difference / original.length).toBeLessThan(1);
      // The label strip under the cell carries dark ink (the id); the sheet's background is white.
      const label = await sharp(sheet.bytes)
        .extract({ left: cell.left, top: cell.top + cell.height, width: cell.width, height: 60 })
        .greyscale()
        .raw()
        .toBuffer();
      expect(label.filter((value) => value < 80).length).toBeGreaterThan(200);
      expect(cell.left + cell.width).toBeLessThanOrEqual(meta.width ?? 0);
      expect(cell.top + cell.height).toBeLessThanOrEqual(meta.height ?? 0);
    }
  });

  it("lets the offline studio draw the same panel from the sheet as from the separate turnarounds", async () => {
    const shot = studio.shot("scene1", "1A");
    const request = studio.panelRequest("scene1", shot, { width: 640, height: 360 });
    const cast = request.references.filter((reference) => reference.role === "character");
    const sheet = await createSharpCastSheet().compose(
      cast.map((member) => ({ id: member.id, bytes: member.bytes })),
    );
    const withSheet = {
      ...request,
      references: [
        {
          role: "cast-sheet" as const,
          id: cast.map((member) => member.id).join("+"),
          key: "cast-sheet",
          bytes: sheet.bytes,
          mime: "image/png",
          cells: sheet.cells,
        },
        ...request.references.filter((reference) => reference.role !== "character"),
      ],
    };
    const model = createLocalImageModel({ seed: 1, faultRate: 0 });
    const separate = await model.generatePanel(request);
    const fromSheet = await model.generatePanel(withSheet);
    expect(fromSheet.bytes.equals(separate.bytes)).toBe(true);
    // A sheet that leaves a character out is no sheet for that character: the model says who is missing.
    const short = { ...withSheet.references[0], cells: sheet.cells.slice(1) } as ReferenceImage;
    await expect(
      model.generatePanel({ ...withSheet, references: [short, ...withSheet.references.slice(1)] }),
    ).rejects.toMatchObject({ code: "LOCAL_MODEL_REFERENCE_MISSING" });
  });
});
