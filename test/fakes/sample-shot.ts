import type { Shot } from "../../src/core/manifest.ts";

/** A two-character Frames-mode shot, shared by the provider adapter tests. */
export function sampleShot(overrides: Partial<Shot> = {}): Shot {
  return {
    id: "1A",
    order: 1,
    characters: [
      { id: "mara", wardrobe: "yellow raincoat over a grey hoodie" },
      { id: "theo", wardrobe: "navy school blazer with a red tie" },
    ],
    location: "kitchen",
    props: ["red kettle", "cracked blue mug"],
    camera: "medium two-shot, eye level, slow push-in",
    motion: "Mara hands Theo the cracked blue mug",
    duration: 6,
    end: { description: "Theo holds the mug up to the window light" },
    ...overrides,
  };
}
