import { describe, expect, it } from "vitest";
import type { Shot } from "../../src/core/manifest.ts";
import {
  capabilitiesFor,
  capabilityTableSchema,
  DEFAULT_CAPABILITY_TABLE,
  describeDurations,
  makesDuration,
  nearestDuration,
} from "../../src/core/model-capabilities.ts";
import { checkShots, refusalError } from "../../src/core/plan-checks.ts";

const shot = (id: string, duration: number, cast = 1): Shot => ({
  id,
  order: 1,
  characters: Array.from({ length: cast }, (_, index) => ({ id: `c${index}`, wardrobe: "coat" })),
  location: "room",
  props: [],
  camera: "wide",
  motion: "walks",
  duration,
});

const table = DEFAULT_CAPABILITY_TABLE;
const veo = {
  modelId: "veo-3.1-fast-generate-preview",
  caps: capabilitiesFor(table, "veo", "veo-3.1-fast-generate-preview", "video"),
};
const seedance = {
  modelId: "seedance-1-0-pro-fast-251015",
  caps: capabilitiesFor(table, "seedance", "seedance-1-0-pro-fast-251015", "video"),
};
const flashImage = {
  modelId: "gemini-2.5-flash-image",
  caps: capabilitiesFor(table, "gemini", "gemini-2.5-flash-image", "image"),
};
const base = { frames: false, width: 1280, height: 720, policy: "refuse" as const };

describe("the capabilities table", () => {
  it("has an entry for every default model, and the offline ones", () => {
    for (const [provider, model, role] of [
      ["gemini", "gemini-2.5-flash-image", "image"],
      ["gemini", "gemini-2.5-flash", "judge"],
      ["veo", "veo-3.1-fast-generate-preview", "video"],
      ["veo", "veo-3.1-generate-preview", "video"],
      ["seedance", "seedance-1-0-pro-fast-251015", "video"],
      ["local", "local-compositor", "image"],
      ["local", "pixel-judge", "judge"],
      ["local", "local-ffmpeg", "video"],
    ] as const) {
      expect(capabilitiesFor(table, provider, model, role).role).toBe(role);
    }
    expect(capabilityTableSchema.safeParse(table).success).toBe(true);
  });
  it("fails closed on a model with no entry, or listed for another role", () => {
    expect(() => capabilitiesFor(table, "acme", "mystery-video", "video")).toThrow(
      expect.objectContaining({
        code: "MODEL_CAPABILITIES_UNKNOWN",
        message: expect.stringContaining("acme/mystery-video"),
      }),
    );
    expect(() => capabilitiesFor(table, "gemini", "gemini-2.5-flash", "video")).toThrow(/judge model/);
  });
  it("rejects a malformed table by path", () => {
    const parsed = capabilityTableSchema.safeParse({
      version: "x",
      models: { "veo/v": { role: "video", durations: { oneOf: [] }, endFrame: true, resolutions: ["720p"] } },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toContain(
      "models.veo/v.durations.oneOf",
    );
  });
  it("knows Veo's 4, 6 and 8 s clips and Seedance's range", () => {
    expect([4, 6, 8, 12, 5].map((s) => makesDuration(veo.caps.durations, s))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(describeDurations(veo.caps.durations)).toBe("4, 6 or 8 s clips");
    expect([3, 8, 12, 13, 2, 7.5].map((s) => makesDuration(seedance.caps.durations, s))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(nearestDuration(veo.caps.durations, 12)).toBe(8);
    expect(nearestDuration(veo.caps.durations, 5)).toBe(6);
    expect(nearestDuration(veo.caps.durations, 1)).toBe(4);
    expect(nearestDuration(seedance.caps.durations, 7.4)).toBe(7);
    expect(nearestDuration(seedance.caps.durations, 20)).toBe(12);
  });
});

describe("plan-time checks", () => {
  it("refuses a 12 s shot on Veo with the shot, the model, what it asked and what it allows", () => {
    const plan = checkShots([shot("1A", 12), shot("1B", 6)], { video: veo }, base);
    expect(plan.refusals).toEqual([
      {
        code: "SHOT_DURATION_UNSUPPORTED",
        shotId: "1A",
        message: "1A is 12 s; veo-3.1-fast-generate-preview makes 4, 6 or 8 s clips",
      },
    ]);
    const error = refusalError(plan.refusals);
    expect(error.code).toBe("SHOT_DURATION_UNSUPPORTED");
    expect(error.message).toContain("1A is 12 s; veo-3.1-fast-generate-preview makes 4, 6 or 8 s clips");
    expect(error.message).toContain("CONTINUITY_DURATION_POLICY=nearest");
  });
  it("moves the duration to the nearest one the model makes under the nearest policy", () => {
    const plan = checkShots([shot("1A", 12), shot("1B", 6)], { video: veo }, { ...base, policy: "nearest" });
    expect(plan.refusals).toEqual([]);
    expect(plan.durations).toEqual({ "1A": 8, "1B": 6 });
    expect(plan.changes).toEqual([
      expect.objectContaining({ shotId: "1A", askedSeconds: 12, plannedSeconds: 8 }),
    ]);
  });
  it("refuses --frames on a first-frame-only model, and an aspect the models cannot make", () => {
    const frames = checkShots([shot("1A", 8)], { video: seedance }, { ...base, frames: true });
    expect(frames.refusals.map((refusal) => refusal.code)).toEqual(["FRAMES_UNSUPPORTED"]);
    expect(frames.refusals[0]?.message).toContain("seedance-1-0-pro-fast-251015 takes a first frame only");
    const square = checkShots([shot("1A", 8)], { video: veo }, { ...base, width: 1000, height: 1000 });
    expect(square.refusals.map((refusal) => refusal.code)).toEqual(["ASPECT_UNSUPPORTED"]);
    expect(square.refusals[0]?.message).toContain("1:1");
    expect(square.refusals[0]?.message).toContain("16:9 or 9:16");
  });
  it("lets a five-character shot through on a three-reference image model (the cast goes on one sheet)", () => {
    expect(checkShots([shot("1A", 8, 5)], { image: flashImage }, { ...base, frames: true }).refusals).toEqual(
      [],
    );
    const tiny = { modelId: "tiny", caps: { role: "image" as const, referenceImages: 1 } };
    expect(checkShots([shot("1A", 8, 5)], { image: tiny }, base).refusals[0]?.code).toBe(
      "REFERENCES_UNSUPPORTED",
    );
  });
});
