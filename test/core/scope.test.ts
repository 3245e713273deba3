import { describe, expect, it } from "vitest";
import type { Manifest } from "../../src/core/manifest.ts";
import { resolveScope } from "../../src/core/scope.ts";

const shot = (id: string, order: number) => ({
  id,
  order,
  characters: [],
  location: "room",
  props: [],
  camera: "c",
  motion: "m",
  duration: 4,
});
const manifests = new Map<string, Manifest>([
  ["scene1", { scene: "scene1", shots: ["1A", "1B", "1C", "1D"].map((id, index) => shot(id, index + 1)) }],
  ["scene2", { scene: "scene2", shots: [shot("2A", 1), shot("2-alt", 2)] }],
]);

describe("scopes", () => {
  it("resolves a shot, a list, a range and a scene, in scene order", () => {
    expect(resolveScope("1A", manifests).shots.map((s) => s.id)).toEqual(["1A"]);
    expect(resolveScope("1C,1A", manifests).shots.map((s) => s.id)).toEqual(["1A", "1C"]);
    expect(resolveScope("1B-1D", manifests).shots.map((s) => s.id)).toEqual(["1B", "1C", "1D"]);
    const scene = resolveScope("scene1", manifests);
    expect(scene.wholeScene).toBe(true);
    expect(scene.shots).toHaveLength(4);
  });
  it("reads an id with a hyphen as a shot when one has it", () => {
    expect(resolveScope("2-alt", manifests).shots.map((s) => s.id)).toEqual(["2-alt"]);
  });
  it.each([
    ["9Z", "UNKNOWN_SHOT"],
    ["", "INVALID_SCOPE"],
    ["1D-1A", "INVALID_SCOPE"],
    ["1A,2A", "INVALID_SCOPE"],
    ["../1A", "INVALID_SCOPE"],
    ["1A;rm", "INVALID_SCOPE"],
  ])("refuses %j with %s", (text, code) => {
    expect(() => resolveScope(text, manifests)).toThrow(expect.objectContaining({ code }));
  });
});
