import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFolderStorage } from "../../../src/adapters/folder-storage.ts";
import { deltaE } from "../../../src/adapters/free-tier/pixels/colour.ts";
import { decodeRaster } from "../../../src/adapters/free-tier/pixels/raster.ts";
import { compareIdentity } from "../../../src/adapters/offline-judge/compare-identity.ts";
import { DEMO_CAST, demoCharacter } from "../../../src/adapters/offline-studio/demo-bible/demo-cast.ts";
import { demoLocations } from "../../../src/adapters/offline-studio/demo-bible/demo-locations.ts";
import { drawCharacter } from "../../../src/adapters/offline-studio/demo-bible/draw-character.ts";
import { drawPlate } from "../../../src/adapters/offline-studio/demo-bible/draw-plate.ts";
import {
  NEUTRAL_OUTFIT,
  outfitFromWardrobe,
} from "../../../src/adapters/offline-studio/demo-bible/outfit.ts";
import { writeDemoBible } from "../../../src/adapters/offline-studio/demo-bible/write-demo-bible.ts";
import { figuresOnGround } from "../../../src/adapters/offline-studio/figures/figure-cutout.ts";
import {
  type ReferenceFigure,
  readReferenceFigure,
} from "../../../src/adapters/offline-studio/figures/reference-figure.ts";
import { manifestKey, plateKey, turnaroundKey } from "../../../src/core/bible-layout.ts";
import { type Manifest, parseManifest } from "../../../src/core/manifest.ts";
import type { Storage } from "../../../src/ports/storage.ts";

const ROSTER = ["mia", "leo", "jenny", "nina", "gabe", "ruben", "jetplane"];
const LOCATIONS = ["living_room", "magic_minivan", "jurassic_swamp", "cave_hideout"];

describe("the demo Asset Bible", () => {
  let dir: string;
  let storage: Storage;
  let keys: string[];
  let elapsedMs: number;
  const manifests: Record<string, Manifest> = {};

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "continuity-demo-bible-"));
    storage = createFolderStorage(dir);
    const started = Date.now();
    ({ keys } = await writeDemoBible(storage));
    elapsedMs = Date.now() - started;
    for (const scene of ["scene1", "scene2"]) {
      manifests[scene] = parseManifest(
        (await storage.read(manifestKey(scene))).toString("utf8"),
        manifestKey(scene),
      );
    }
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes every canonical key, and only those, in well under five seconds", async () => {
    const expected = [
      ...ROSTER.map(turnaroundKey),
      ...LOCATIONS.map(plateKey),
      manifestKey("scene1"),
      manifestKey("scene2"),
    ];
    expect([...keys].sort()).toEqual([...expected].sort());
    expect(await storage.listKeys("")).toEqual([...expected].sort());
    expect(await storage.listFolders("characters/")).toEqual([...ROSTER].sort());
    expect(await storage.listFolders("locations/")).toEqual([...LOCATIONS].sort());
    expect(elapsedMs).toBeLessThan(5000);
  });

  it("draws turnarounds and plates as real 16:9 PNGs", async () => {
    for (const key of [...ROSTER.map(turnaroundKey), ...LOCATIONS.map(plateKey)]) {
      const meta = await sharp(await storage.read(key)).metadata();
      expect(meta.format, key).toBe("png");
      expect([meta.width, meta.height], key).toEqual([1280, 720]);
    }
  });

  it("shows each character from four sides on a flat ground", async () => {
    for (const id of ROSTER) {
      const figures = figuresOnGround(await decodeRaster(await storage.read(turnaroundKey(id))));
      expect(figures, id).toHaveLength(4);
    }
  });

  it("draws characters a pixel check can tell apart: hair, skin or build differ for every pair", async () => {
    const refs: Record<string, ReferenceFigure> = {};
    for (const id of ROSTER) refs[id] = await readReferenceFigure(await storage.read(turnaroundKey(id)), id);
    for (const a of ROSTER) {
      for (const b of ROSTER) {
        if (a >= b) continue;
        const ra = refs[a]?.anatomy;
        const rb = refs[b]?.anatomy;
        if (!ra || !rb) throw new Error("missing reference");
        // Hair colours differ for everyone (dark brown and black least, by about 20 ΔE) ...
        expect(deltaE(ra.hair, rb.hair), `${a} vs ${b} hair`).toBeGreaterThan(15);
        // ... and the judge's own identity comparison never takes one for the other.
        expect(compareIdentity(ra, rb).score, `${a} drawn as ${b}`).toBeLessThan(0.2);
      }
    }
    // The field report's Mia: an older child (big head, shorter than the teenager) with hair worn long.
    const mia = refs.mia;
    expect(mia?.anatomy.hairLength).toBeGreaterThan(1.2);
    expect(mia?.heightFraction).toBeLessThan(refs.jenny?.heightFraction ?? 0);
    expect(mia?.heightFraction).toBeGreaterThan(refs.leo?.heightFraction ?? 1);
  });

  it("has four plates that differ in palette", async () => {
    const means = await Promise.all(
      LOCATIONS.map(async (id) =>
        (await sharp(await storage.read(plateKey(id))).stats()).channels.slice(0, 3).map((c) => c.mean),
      ),
    );
    for (let i = 0; i < means.length; i++) {
      for (let j = i + 1; j < means.length; j++) {
        const [a, b] = [means[i] ?? [], means[j] ?? []];
        expect(
          Math.hypot(...a.map((v, k) => v - (b[k] ?? 0))),
          `${LOCATIONS[i]} vs ${LOCATIONS[j]}`,
        ).toBeGreaterThan(25);
      }
    }
  });

  it("writes scene1 as the field report tells it: nine shots 1A-1I", () => {
    const scene1 = manifests.scene1;
    expect(scene1?.shots.map((s) => s.id)).toEqual(["1A", "1B", "1C", "1D", "1E", "1F", "1G", "1H", "1I"]);
    const shot = (id: string) => scene1?.shots.find((s) => s.id === id);
    const a = shot("1A");
    expect(a?.duration).toBe(12);
    expect(a?.location).toBe("living_room");
    expect(new Set(a?.characters.map((c) => c.id))).toEqual(new Set(["mia", "leo", "jenny", "nina", "gabe"]));
    expect(a?.characters.find((c) => c.id === "mia")?.wardrobe).toMatch(/magenta.*star.*top.*jeans/);
    expect(a?.characters.find((c) => c.id === "leo")?.wardrobe).toMatch(/green dinosaur pajamas/);
    expect(a?.props.join(" ")).toMatch(/TV/);
    expect(a?.props.join(" ")).toMatch(/dinosaur toys/);
    expect(a?.props.join(" ")).toMatch(/lightning/);
    expect(a?.camera).toMatch(/push-in/);
    expect(shot("1F")?.characters).toEqual([]);
    expect(shot("1I")?.location).toBe("living_room");
    expect(new Set(shot("1I")?.characters.map((c) => c.id))).toEqual(new Set(["nina", "gabe"]));
    for (const s of scene1?.shots ?? []) {
      expect(s.duration, s.id).toBeGreaterThanOrEqual(4);
      expect(s.duration, s.id).toBeLessThanOrEqual(12);
    }
  });

  it("uses every character and every plate in some shot", () => {
    const shots = [...(manifests.scene1?.shots ?? []), ...(manifests.scene2?.shots ?? [])];
    expect(manifests.scene2?.shots.length).toBeGreaterThanOrEqual(2);
    expect(new Set(shots.flatMap((s) => s.characters.map((c) => c.id)))).toEqual(new Set(ROSTER));
    expect(new Set(shots.map((s) => s.location))).toEqual(new Set(LOCATIONS));
  });

  it("exports its drawing functions: a figure in a given outfit and a plate at any size", async () => {
    const figure = await drawCharacter(
      demoCharacter("mia"),
      outfitFromWardrobe("magenta star top and jeans"),
      { heightPx: 240 },
    );
    const meta = await sharp(figure).metadata();
    expect(meta.hasAlpha).toBe(true);
    expect(meta.height).toBeGreaterThan(240);
    const plate = await sharp(await drawPlate("cave_hideout", { width: 640, height: 360 })).metadata();
    expect([plate.width, plate.height]).toEqual([640, 360]);
    expect(DEMO_CAST.map((c) => c.id)).toEqual(ROSTER);
    expect(demoLocations().map((l) => l.id)).toEqual(LOCATIONS);
    expect(NEUTRAL_OUTFIT.style).toBe("separates");
  });
});
