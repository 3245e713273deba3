import { hexToRgb, mixRgb, type Rgb } from "../../free-tier/pixels/colour.ts";
import { colourWord } from "../figures/colour-words.ts";
import { type OutfitStyle, parseWardrobe, type WardrobeSpec } from "../figures/wardrobe-spec.ts";

/** What a figure is painted wearing: flat colours per garment plus small decorations. */
export interface Outfit {
  style: OutfitStyle;
  top: Rgb;
  bottom: Rgb;
  /** The shirt under a jacket or tuxedo. */
  accent?: Rgb;
  decorations: { kind: "star" | "dinosaur" | "stripes" | "bow-tie" | "tie"; colour: Rgb }[];
  shoes: Rgb;
}

/**
 * The turnaround's neutral default: a cool light-grey tee and taupe trousers, chosen away from
 * every wardrobe colour the demo manifests use (and not shades of one another) so a generator
 * can find and repaint each.
 */
export const NEUTRAL_OUTFIT: Outfit = Object.freeze({
  style: "separates",
  top: hexToRgb("#b4bac4"),
  bottom: hexToRgb("#6e5d4e"),
  decorations: [],
  shoes: hexToRgb("#3a302a"),
}) as Outfit;

function decorationColour(kind: string, garment: Rgb): Rgb {
  if (kind === "star") return hexToRgb("#fff4c2");
  if (kind === "dinosaur" || kind === "stripes") return mixRgb(garment, [0, 0, 0], 0.35);
  if (kind === "bow-tie") return colourWord("black").rgb;
  return colourWord("burgundy").rgb;
}

/** Paints a wardrobe line; anything the line leaves unsaid keeps the fallback's colour. */
export function outfitFromWardrobe(
  wardrobe: string | WardrobeSpec,
  fallback: Outfit = NEUTRAL_OUTFIT,
): Outfit {
  const spec = typeof wardrobe === "string" ? parseWardrobe(wardrobe) : wardrobe;
  const top = spec.top?.colour?.rgb ?? fallback.top;
  const bottom = spec.bottom?.colour?.rgb ?? fallback.bottom;
  const accent = spec.top?.accent ? (spec.top.accent.colour?.rgb ?? colourWord("white").rgb) : undefined;
  const hasShirtFront = spec.style === "tuxedo" || spec.style === "suit";
  return {
    style: spec.style,
    top,
    bottom,
    accent: accent ?? (hasShirtFront ? colourWord("white").rgb : undefined),
    decorations: spec.decorations.map((d) => ({
      kind: d.kind,
      colour: d.colour?.rgb ?? decorationColour(d.kind, top),
    })),
    shoes: fallback.shoes,
  };
}
