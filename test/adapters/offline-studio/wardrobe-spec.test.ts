import { describe, expect, it } from "vitest";
import { outfitFromWardrobe } from "../../../src/adapters/offline-studio/demo-bible/outfit.ts";
import { colourWord } from "../../../src/adapters/offline-studio/figures/colour-words.ts";
import { parseWardrobe, statedColours } from "../../../src/adapters/offline-studio/figures/wardrobe-spec.ts";

/** The wardrobe words both the panel model and the pixel judge read. */
describe("reading a wardrobe line", () => {
  const names = (text: string) => {
    const spec = parseWardrobe(text);
    return {
      style: spec.style,
      top: statedColours(spec.top).map((c) => c.name),
      bottom: statedColours(spec.bottom).map((c) => c.name),
      decorations: spec.decorations.map((d) => d.kind),
    };
  };

  it("separates with implied colours: jeans are denim", () => {
    expect(names("magenta star top and jeans")).toEqual({
      style: "separates",
      top: ["magenta"],
      bottom: ["denim"],
      decorations: ["star"],
    });
  });

  it("one-piece garments colour top and bottom alike", () => {
    expect(names("green dinosaur pajamas")).toEqual({
      style: "pajamas",
      top: ["green"],
      bottom: ["green"],
      decorations: ["dinosaur"],
    });
    expect(names("red evening dress")).toMatchObject({ style: "dress", top: ["red"], bottom: ["red"] });
  });

  it("a shirt under a tuxedo or a jacket is an accent, in either order", () => {
    expect(names("black tuxedo with white shirt and bow tie")).toEqual({
      style: "tuxedo",
      top: ["black", "white"],
      bottom: ["black"],
      decorations: ["bow-tie"],
    });
    expect(names("white tee under a denim jacket")).toMatchObject({
      style: "jacket",
      top: ["denim", "white"],
    });
    expect(names("navy jacket over a white tee and khaki trousers")).toMatchObject({
      top: ["navy", "white"],
      bottom: ["khaki"],
    });
  });

  it("honours light and dark, and says nothing about colours it is not told", () => {
    expect(names("light blue hoodie")).toMatchObject({ top: ["light blue"], bottom: [] });
    expect(names("date-night formalwear")).toEqual({
      style: "separates",
      top: [],
      bottom: [],
      decorations: [],
    });
  });

  it("paints unsaid garments in the fallback outfit's colours", () => {
    const outfit = outfitFromWardrobe("purple hoodie");
    expect(outfit.top).toEqual(colourWord("purple").rgb);
    expect(outfit.bottom).toEqual(outfitFromWardrobe("").bottom);
  });
});
