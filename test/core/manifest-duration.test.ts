import { describe, expect, it } from "vitest";
import { parseManifest } from "../../src/core/manifest.ts";

function manifestWith(duration: unknown): string {
  return JSON.stringify({
    scene: "scene1",
    shots: [
      {
        id: "1A",
        order: 1,
        characters: [],
        location: "room",
        camera: "wide",
        motion: "nothing moves",
        duration,
      },
    ],
  });
}

/** Issue 11 item 11: a duration no video model makes is a manifest error, before anything is paid. */
describe("manifest durations", () => {
  it.each([0.001, 0.5, 61, 3600])("refuses a %s s shot, naming the field", (duration) => {
    expect(() => parseManifest(manifestWith(duration), "scenes/scene1/manifest.json")).toThrow(
      expect.objectContaining({
        code: "MANIFEST_INVALID",
        message: expect.stringContaining("shots[0].duration"),
      }),
    );
  });
  it("says what durations are possible", () => {
    expect(() => parseManifest(manifestWith(0.001), "m.json")).toThrow(/at least 1 s/);
  });
  it.each([1, 4, 12, 60])("accepts a %s s shot", (duration) => {
    expect(parseManifest(manifestWith(duration), "m.json").shots[0]?.duration).toBe(duration);
  });
});
