import { type ColourWord, colourWord, findColourWord, IMPLIED_GARMENT_COLOURS } from "./colour-words.ts";

/**
 * A manifest's wardrobe line read as the offline studio paints it: a top and a bottom, each
 * with a colour when the line names or implies one ("jeans" are denim), an optional accent
 * (the shirt under a jacket), and small decorations (a star, a dinosaur, a bow tie). The
 * generator dresses figures from this and the judge measures against it, so both read one parse.
 */
export interface GarmentColour {
  garment: string;
  colour?: ColourWord;
}

export interface SlotSpec extends GarmentColour {
  accent?: GarmentColour;
}

export type OutfitStyle = "separates" | "jacket" | "dress" | "pajamas" | "tuxedo" | "suit";

export interface Decoration {
  kind: "star" | "dinosaur" | "stripes" | "bow-tie" | "tie";
  colour?: ColourWord;
}

export interface WardrobeSpec {
  text: string;
  style: OutfitStyle;
  top?: SlotSpec;
  bottom?: SlotSpec;
  decorations: Decoration[];
}

const FULL = new Set([
  "dress",
  "gown",
  "pajamas",
  "pyjamas",
  "pjs",
  "onesie",
  "jumpsuit",
  "overalls",
  "tuxedo",
  "suit",
  "uniform",
  "robe",
]);
const OUTER_TOP = new Set([
  "jacket",
  "blazer",
  "coat",
  "cardigan",
  "vest",
  "waistcoat",
  "parka",
  "windbreaker",
]);
const INNER_TOP = new Set([
  "top",
  "shirt",
  "tshirt",
  "tee",
  "blouse",
  "sweater",
  "jumper",
  "hoodie",
  "sweatshirt",
  "tank",
  "polo",
  "turtleneck",
]);
const BOTTOM = new Set([
  "jeans",
  "pants",
  "trousers",
  "leggings",
  "skirt",
  "shorts",
  "slacks",
  "chinos",
  "joggers",
  "sweatpants",
]);
const STYLE_OF: Record<string, OutfitStyle> = {
  dress: "dress",
  gown: "dress",
  pajamas: "pajamas",
  pyjamas: "pajamas",
  pjs: "pajamas",
  onesie: "pajamas",
  tuxedo: "tuxedo",
  suit: "suit",
};

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/t-shirt/g, "tshirt")
    .replace(/bow[\s-]tie/g, "bowtie")
    .replace(/[^a-z]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

function itemsOf(text: string): string[][] {
  return text
    .toLowerCase()
    .split(/,|;|\/|\band\b|\bwith\b|\bover\b|\bunder\b|\bplus\b/)
    .map((item) => tokens(item))
    .filter((words) => words.length > 0);
}

function colourOf(words: string[], garment: string): ColourWord | undefined {
  const named = findColourWord(words);
  if (named) return named;
  const implied = IMPLIED_GARMENT_COLOURS[garment];
  return implied ? colourWord(implied) : undefined;
}

function lastGarment(words: string[]): string | undefined {
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] as string;
    if (FULL.has(word) || OUTER_TOP.has(word) || INNER_TOP.has(word) || BOTTOM.has(word)) return word;
  }
  return undefined;
}

export function parseWardrobe(text: string): WardrobeSpec {
  const spec: WardrobeSpec = { text, style: "separates", decorations: [] };
  let topIsOuter = false;
  for (const words of itemsOf(text)) {
    if (words.includes("bowtie")) spec.decorations.push({ kind: "bow-tie", colour: findColourWord(words) });
    else if (words.includes("tie")) spec.decorations.push({ kind: "tie", colour: findColourWord(words) });
    if (words.some((w) => w === "star" || w === "stars")) spec.decorations.push({ kind: "star" });
    if (words.some((w) => w === "dinosaur" || w === "dinosaurs" || w === "dino"))
      spec.decorations.push({ kind: "dinosaur" });
    if (words.some((w) => w === "striped" || w === "stripes" || w === "stripy"))
      spec.decorations.push({ kind: "stripes" });
    const garment = lastGarment(words);
    if (!garment) continue;
    const piece: GarmentColour = { garment, colour: colourOf(words, garment) };
    if (FULL.has(garment)) {
      spec.style = STYLE_OF[garment] ?? spec.style;
      const previousTop = spec.top;
      spec.top = { ...piece };
      // A shirt named before the suit is worn under it.
      if (previousTop && (garment === "tuxedo" || garment === "suit")) spec.top.accent = previousTop;
      spec.bottom = { ...piece };
      topIsOuter = garment === "tuxedo" || garment === "suit";
    } else if (BOTTOM.has(garment)) {
      if (!spec.bottom || spec.style === "separates" || spec.style === "jacket") spec.bottom = piece;
    } else if (OUTER_TOP.has(garment)) {
      if (spec.style === "separates") spec.style = "jacket";
      const inner =
        spec.top && !topIsOuter ? { garment: spec.top.garment, colour: spec.top.colour } : spec.top?.accent;
      spec.top = inner ? { ...piece, accent: inner } : piece;
      topIsOuter = true;
    } else if (!spec.top) {
      spec.top = piece;
    } else if (!spec.top.accent) {
      spec.top.accent = piece;
    }
  }
  return spec;
}

/** Every colour the line states for a slot: what a judge may expect to see there. */
export function statedColours(slot: SlotSpec | undefined): ColourWord[] {
  if (!slot) return [];
  return [slot.colour, slot.accent?.colour].filter((c): c is ColourWord => c !== undefined);
}
