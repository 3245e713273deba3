import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { hexToRgb } from "../../../src/adapters/free-tier/pixels/colour.ts";
import { createPixelJudge } from "../../../src/adapters/offline-judge/pixel-judge.ts";
import { demoCharacter } from "../../../src/adapters/offline-studio/demo-bible/demo-cast.ts";
import {
  type DesignOverride,
  withOverride,
} from "../../../src/adapters/offline-studio/demo-bible/draw-character.ts";
import { drawStill, type StillFigure } from "../../../src/adapters/offline-studio/demo-bible/draw-still.ts";
import { drawTurnaround } from "../../../src/adapters/offline-studio/demo-bible/draw-turnaround.ts";
import { outfitFromWardrobe } from "../../../src/adapters/offline-studio/demo-bible/outfit.ts";
import { createLocalImageModel } from "../../../src/adapters/offline-studio/local-image-model.ts";
import type { Shot } from "../../../src/core/manifest.ts";
import { type Scores, scoresSchema } from "../../../src/core/scores.ts";
import type { ImageModel } from "../../../src/ports/image-model.ts";
import type { Judge } from "../../../src/ports/judge.ts";
import { type DemoStudio, loadDemoStudio } from "../../helpers/demo-studio.ts";
import { lowScores, scoreList, scoreOf } from "../../helpers/score-sheet.ts";

/**
 * The offline judge against clean panels from the generator, and against stills drawn by hand
 * straight from the designs (no generator involved), each carrying one deliberate fault.
 */
describe("the pixel judge", () => {
  let studio: DemoStudio;
  let judge: Judge;
  let model: ImageModel;
  let shot: Shot;

  const still = (figures: StillFigure[], locationId = "living_room") =>
    drawStill({ locationId, width: 640, height: 360, figures });
  /** Shot 1H's cast (Mia, Jenny, Leo) as the manifest dresses them, left to right. */
  const cast = (
    change: { id?: string; override?: DesignOverride; wardrobe?: string; drop?: string } = {},
  ): StillFigure[] =>
    shot.characters
      .filter((c) => c.id !== change.drop)
      .map((c, i) => ({
        design: withOverride(demoCharacter(c.id), c.id === change.id ? change.override : undefined),
        outfit: outfitFromWardrobe(c.id === change.id && change.wardrobe ? change.wardrobe : c.wardrobe),
        x: 0.3 + 0.2 * i,
      }));
  const score = async (image: Buffer, options: Parameters<DemoStudio["judgeRequest"]>[3] = {}) =>
    (await judge.score(studio.judgeRequest("scene1", shot, image, options))).raw;

  beforeAll(async () => {
    studio = await loadDemoStudio();
    judge = createPixelJudge();
    model = createLocalImageModel({ seed: 1, faultRate: 0 });
    // Hand-drawn stills paint no props, so this shot keeps only set dressing (judged with the plate).
    shot = { ...studio.shot("scene1", "1H"), props: ["couch"] };
  });

  it("names itself as a simulated local judge and answers the score schema", async () => {
    expect([judge.provider, judge.modelId, judge.simulated]).toEqual(["local", "pixel-judge", true]);
    const answer = await judge.score(studio.judgeRequest("scene1", shot, await still(cast())));
    expect(answer.usage).toEqual({});
    const scores: Scores = scoresSchema.parse(answer.raw);
    expect(scores.characters.map((c) => c.id)).toEqual(["mia", "jenny", "leo"]);
    expect(scores.continuity).toBeNull();
    expect(scores.props.reason).toMatch(/couch: part of the plate/);
  });

  it("passes a clean generated panel, start and end, for every shot of scene 1", async () => {
    for (const s of studio.manifests.scene1?.shots ?? []) {
      for (const frame of s.end ? (["start", "end"] as const) : (["start"] as const)) {
        const panel = await model.generatePanel(studio.panelRequest("scene1", s, { frame }));
        const raw = (await judge.score(studio.judgeRequest("scene1", s, panel.bytes))).raw;
        expect(lowScores(raw), `${s.id} ${frame}`).toEqual([]);
      }
    }
  });

  it("passes clean panels at the default 1280x720 and on every other set", async () => {
    for (const [scene, id] of [
      ["scene1", "1A"],
      ["scene2", "2A"],
      ["scene2", "2B"],
      ["scene2", "2C"],
    ] as const) {
      const s = studio.shot(scene, id);
      const panel = await model.generatePanel(studio.panelRequest(scene, s, { width: 1280, height: 720 }));
      const raw = (await judge.score(studio.judgeRequest(scene, s, panel.bytes))).raw;
      expect(lowScores(raw), `${scene} ${id}`).toEqual([]);
    }
  });

  it("passes a clean still drawn by hand from the designs", async () => {
    expect(lowScores(await score(await still(cast())))).toEqual([]);
  });

  describe("fails a hand-drawn still on the criterion its fault belongs to", () => {
    const othersFine = (raw: unknown, except: string[]) =>
      scoreList(raw)
        .filter((s) => !except.includes(s.name) && s.score < 0.8)
        .map((s) => `${s.name} ${s.score.toFixed(2)}: ${s.reason}`);

    it("off-model hair colour (Mia blonde)", async () => {
      const raw = await score(await still(cast({ id: "mia", override: { hair: hexToRgb("#e8c35c") } })));
      expect(scoreOf(raw, "mia.identity")).toBeLessThan(0.6);
      expect(othersFine(raw, ["mia.identity"])).toEqual([]);
    });

    it("off-model hair style (the field report's v3 Mia, hair in a tight bun)", async () => {
      const raw = await score(await still(cast({ id: "mia", override: { hairStyle: "tight-bun" } })));
      expect(scoreOf(raw, "mia.identity")).toBeLessThan(0.6);
      expect(othersFine(raw, ["mia.identity"])).toEqual([]);
    });

    it("changed build (a broad Leo)", async () => {
      const raw = await score(await still(cast({ id: "leo", override: { build: 0.55 } })));
      expect(scoreOf(raw, "leo.identity")).toBeLessThan(0.6);
      expect(othersFine(raw, ["leo.identity"])).toEqual([]);
    });

    it("wrong wardrobe colour (a teal top where the manifest says magenta); identity still passes", async () => {
      const raw = await score(await still(cast({ id: "mia", wardrobe: "teal star top and jeans" })));
      expect(scoreOf(raw, "mia.wardrobe")).toBeLessThan(0.6);
      expect(othersFine(raw, ["mia.wardrobe"])).toEqual([]);
    });

    it("missing character (no Leo)", async () => {
      const raw = await score(await still(cast({ drop: "leo" })));
      const scores = scoresSchema.parse(raw);
      expect(scores.charactersPresent.score).toBeLessThan(0.6);
      expect(scores.charactersPresent.missing).toEqual(["leo"]);
      expect(othersFine(raw, ["charactersPresent", "leo.identity", "leo.wardrobe"])).toEqual([]);
    });

    it("wrong background plate (the cave, not the living room); the cast is still recognised", async () => {
      const raw = await score(await still(cast(), "cave_hideout"));
      expect(scoreOf(raw, "location")).toBeLessThan(0.6);
      for (const id of ["mia", "jenny", "leo"])
        expect(scoreOf(raw, `${id}.identity`), id).toBeGreaterThanOrEqual(0.8);
    });

    it("blank and black images", async () => {
      for (const background of [
        { r: 128, g: 128, b: 128 },
        { r: 0, g: 0, b: 0 },
      ]) {
        const image = await sharp({ create: { width: 640, height: 360, channels: 3, background } })
          .png()
          .toBuffer();
        const raw = await score(image);
        expect(scoreOf(raw, "artifacts")).toBeLessThan(0.6);
        expect(scoresSchema.parse(raw).charactersPresent.missing).toEqual(["mia", "jenny", "leo"]);
      }
    });
  });

  it("learns each character from the turnaround it is sent, not from the design table", async () => {
    const blondeMia = await drawTurnaround(withOverride(demoCharacter("mia"), { hair: hexToRgb("#e8c35c") }));
    const request = studio.judgeRequest("scene1", shot, await still(cast()));
    const cast2 = request.cast.map((m) =>
      m.id === "mia" ? { ...m, turnaround: { ...m.turnaround, bytes: blondeMia } } : m,
    );
    const raw = (await judge.score({ ...request, cast: cast2 })).raw;
    expect(scoreOf(raw, "mia.identity")).toBeLessThan(0.6);
    expect(scoreOf(raw, "jenny.identity")).toBeGreaterThanOrEqual(0.8);
  });

  it("scores continuity against the adjacent frame only when it is given one", async () => {
    const here = await still(cast());
    const sameSet = await model.generatePanel(studio.panelRequest("scene1", studio.shot("scene1", "1G")));
    const fine = await score(here, { continuity: { bytes: sameSet.bytes, mime: "image/png", shotId: "1G" } });
    expect(scoreOf(fine, "continuity")).toBeGreaterThanOrEqual(0.8);

    const drifted = await score(await still(cast(), "magic_minivan"), {
      continuity: { bytes: sameSet.bytes, mime: "image/png", shotId: "1G" },
    });
    expect(scoreOf(drifted, "continuity")).toBeLessThan(0.6);

    const otherSet = await model.generatePanel(studio.panelRequest("scene2", studio.shot("scene2", "2B")));
    const cut = scoresSchema.parse(
      await score(here, { continuity: { bytes: otherSet.bytes, mime: "image/png", shotId: "2B" } }),
    );
    expect(cut.continuity?.score).toBe(1);
    expect(cut.continuity?.reason).toMatch(/another set/);
  });

  it("respects cancellation", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stopped"));
    const request = {
      ...studio.judgeRequest("scene1", shot, await still(cast())),
      signal: controller.signal,
    };
    await expect(judge.score(request)).rejects.toThrow("stopped");
  });
});
