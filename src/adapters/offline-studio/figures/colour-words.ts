import { deltaE, hexToRgb, mixRgb, type Rgb } from "../../free-tier/pixels/colour.ts";

/**
 * The colour words a wardrobe line may use, and the exact shade the offline studio paints for
 * each. Generator and judge read the same table, so "magenta" means one colour on both sides;
 * shades are far enough apart (CIE76 > 20 between neighbours people confuse, such as navy and
 * black) that a wrong garment colour is measurable.
 */
const COLOUR_WORDS: Record<string, string> = {
  black: "#1c1c20",
  white: "#f5f5f2",
  ivory: "#f2ecd8",
  cream: "#efe2bf",
  grey: "#8d8f93",
  gray: "#8d8f93",
  silver: "#c3c7cc",
  charcoal: "#3e4147",
  navy: "#1f2f66",
  blue: "#2f6fd6",
  denim: "#4d70a8",
  teal: "#17918f",
  turquoise: "#35c4c0",
  green: "#2f9e44",
  olive: "#6f7a2c",
  lime: "#9ccc3a",
  yellow: "#f2cf2e",
  gold: "#d4a22a",
  mustard: "#c9a227",
  orange: "#f07f1d",
  red: "#cf2e2e",
  crimson: "#b3122f",
  burgundy: "#6e1a33",
  maroon: "#6e1a33",
  pink: "#f39bc6",
  magenta: "#d6218f",
  fuchsia: "#d6218f",
  purple: "#7a3fb0",
  violet: "#7a3fb0",
  lavender: "#b9a3e3",
  brown: "#7b4a2a",
  tan: "#c19a6b",
  beige: "#d8c4a0",
  khaki: "#b9ab7a",
};

/** Garments that imply a colour when none is named. */
export const IMPLIED_GARMENT_COLOURS: Record<string, string> = {
  jeans: "denim",
  tuxedo: "black",
  suit: "charcoal",
};

export interface ColourWord {
  name: string;
  rgb: Rgb;
}

/** Finds the first colour word in a phrase, honouring light/pale/dark/deep in front of it. */
export function findColourWord(words: readonly string[]): ColourWord | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const hex = COLOUR_WORDS[word];
    if (!hex) continue;
    const modifier = words[i - 1];
    const base = hexToRgb(hex);
    if (modifier === "light" || modifier === "pale")
      return { name: `light ${word}`, rgb: mixRgb(base, [255, 255, 255], 0.45) };
    if (modifier === "dark" || modifier === "deep")
      return { name: `dark ${word}`, rgb: mixRgb(base, [0, 0, 0], 0.4) };
    return { name: word, rgb: base };
  }
  return undefined;
}

export function colourWord(name: string): ColourWord {
  const found = findColourWord(name.toLowerCase().split(/\s+/));
  if (!found) throw new Error(`unknown colour word ${name}`);
  return found;
}

/** The palette a generator picks a wrong garment colour from. */
export function allColourWords(): ColourWord[] {
  const seen = new Set<string>();
  const out: ColourWord[] = [];
  for (const [name, hex] of Object.entries(COLOUR_WORDS)) {
    if (seen.has(hex)) continue;
    seen.add(hex);
    out.push({ name, rgb: hexToRgb(hex) });
  }
  return out;
}

/** The colour word closest to a measured colour, for reasons a person can read ("looks teal"). */
export function nearestColourName(rgb: Rgb): string {
  let best = { name: "unknown", distance: Number.POSITIVE_INFINITY };
  for (const word of allColourWords()) {
    const distance = deltaE(rgb, word.rgb);
    if (distance < best.distance) best = { name: word.name, distance };
  }
  return best.name;
}
