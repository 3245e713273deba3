import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { hexToRgb } from "../../../src/adapters/free-tier/pixels/colour.ts";
import { createPixelJudge } from "../../../src/adapters/offline-judge/pixel-judge.ts";
import { demoCharacter } from "../../../src/adapters/offline-studio/demo-bible/demo-cast.ts";
import { withOverride } from "../../../src/adapters/offline-studio/demo-bible/draw-character.ts";
import { drawTurnaround } from "../../../src/adapters/offline-studio/demo-bible/draw-turnaround.ts";
import {
  createLocalImageModel,
  type PanelFaultRecord,
} from "../../../src/adapters/offline-studio/local-image-model.ts";
import { isAppError } from "../../../src/core/app-error.ts";
import { type DemoStudio, loadDemoStudio } from "../../helpers/demo-studio.ts";
import { scoreOf } from "../../helpers/score-sheet.ts";

describe("the local panel model", () => {
  let studio: DemoStudio;
  beforeAll(async () => {
    studio = await loadDemoStudio();
  });

  it("names itself as a simulated local provider", () => {
    const model = createLocalImageModel({ seed: 1, faultRate: 0 });
    expect([model.provider, model.modelId, model.simulated]).toEqual(["local", "local-compositor", true]);
  });

  it("answers a PNG of exactly the requested size, one image of usage", async () => {
    const model = createLocalImageModel({ seed: 1, faultRate: 0 });
    const shot = studio.shot("scene1", "1A");
    for (const [width, height] of [
      [640, 360],
      [1280, 720],
    ] as const) {
      const result = await model.generatePanel(studio.panelRequest("scene1", shot, { width, height }));
      const meta = await sharp(result.bytes).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", width, height]);
      expect(result.mime).toBe("image/png");
      expect(result.usage).toEqual({ images: 1 });
    }
  });

  it("is deterministic per seed, scene, shot, frame and attempt", async () => {
    const shot = studio.shot("scene1", "1C");
    const a = createLocalImageModel({ seed: 42, faultRate: 0.5 });
    const b = createLocalImageModel({ seed: 42, faultRate: 0.5 });
    for (const attempt of [1, 2, 3]) {
      for (const frame of ["start", "end"] as const) {
        const request = () => studio.panelRequest("scene1", shot, { attempt, frame });
        expect(
          (await a.generatePanel(request())).bytes.equals((await b.generatePanel(request())).bytes),
        ).toBe(true);
      }
    }
  });

  it("reports its own mistakes only to the fault log, and different seeds make different mistakes", async () => {
    const logs: Record<number, PanelFaultRecord[]> = { 1: [], 2: [] };
    for (const seed of [1, 2]) {
      const model = createLocalImageModel({
        seed,
        faultRate: 0.5,
        onFault: (record) => logs[seed]?.push(record),
      });
      for (const shot of studio.manifests.scene1?.shots ?? []) {
        const result = await model.generatePanel(studio.panelRequest("scene1", shot));
        expect(Object.keys(result)).toEqual(["bytes", "mime", "usage"]);
      }
    }
    expect(logs[1]).toHaveLength(9);
    expect(logs[1]?.[0]).toMatchObject({ sceneId: "scene1", shotId: "1A", frame: "start", attempt: 1 });
    expect(logs[1]?.map((r) => r.fault)).not.toEqual(logs[2]?.map((r) => r.fault));
    expect(logs[1]?.some((r) => r.fault !== null)).toBe(true);

    const clean: PanelFaultRecord[] = [];
    const never = createLocalImageModel({ seed: 1, faultRate: 0, onFault: (record) => clean.push(record) });
    await never.generatePanel(studio.panelRequest("scene1", studio.shot("scene1", "1B")));
    expect(clean).toEqual([{ sceneId: "scene1", shotId: "1B", frame: "start", attempt: 1, fault: null }]);
  });

  it("a clean end panel is a variation of the start panel, not a copy", async () => {
    const model = createLocalImageModel({ seed: 3, faultRate: 0 });
    const shot = studio.shot("scene1", "1A");
    const start = await model.generatePanel(studio.panelRequest("scene1", shot, { frame: "start" }));
    const end = await model.generatePanel(studio.panelRequest("scene1", shot, { frame: "end" }));
    expect(start.bytes.equals(end.bytes)).toBe(false);
  });

  it("respects cancellation and refuses a request without its references", async () => {
    const model = createLocalImageModel({ seed: 1, faultRate: 0 });
    const shot = studio.shot("scene1", "1D");
    const controller = new AbortController();
    controller.abort(new Error("stopped by the kill switch"));
    await expect(
      model.generatePanel(studio.panelRequest("scene1", shot, { signal: controller.signal })),
    ).rejects.toThrow("kill switch");

    const request = studio.panelRequest("scene1", shot);
    const withoutJenny = { ...request, references: request.references.filter((r) => r.id !== "jenny") };
    const error = await model.generatePanel(withoutJenny).catch((e: unknown) => e);
    expect(isAppError(error, "LOCAL_MODEL_REFERENCE_MISSING")).toBe(true);
    expect((error as Error).message).toContain("jenny");
  });

  it("draws from the references it is sent: a drifted turnaround propagates into the panel", async () => {
    const shot = studio.shot("scene1", "1B");
    const drifted = await drawTurnaround(withOverride(demoCharacter("mia"), { hair: hexToRgb("#e8c35c") }));
    const request = studio.panelRequest("scene1", shot);
    const references = request.references.map((r) => (r.id === "mia" ? { ...r, bytes: drifted } : r));
    const model = createLocalImageModel({ seed: 1, faultRate: 0 });
    const panel = await model.generatePanel({ ...request, references });
    // Judged against the canonical turnaround, the panel's Mia is off-model; her clothes are right.
    const answer = await createPixelJudge().score(studio.judgeRequest("scene1", shot, panel.bytes));
    expect(scoreOf(answer.raw, "mia.identity")).toBeLessThan(0.3);
    expect(scoreOf(answer.raw, "mia.wardrobe")).toBeGreaterThanOrEqual(0.8);
  });
});
