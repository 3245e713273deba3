import { hexToRgb, type Rgb } from "../../free-tier/pixels/colour.ts";

/**
 * Props the offline studio can paint and the judge can look for: a few words that name the
 * prop and the colours it is painted in. Anything else a manifest lists is either part of a
 * plate (judged with the location) or not measured offline, and a judge must say which.
 */
export interface PropSignature {
  kind: "dinosaur-toys" | "phone" | "lightning" | "keys";
  words: RegExp;
  colours: Rgb[];
  /** Loose props lie apart from the figures; held props are inside a figure's outline. */
  held: boolean;
}

const SIGNATURES: readonly PropSignature[] = [
  {
    kind: "dinosaur-toys",
    words: /\b(dinosaur|dino)s?\b.*\btoys?\b|\btoys?\b.*\b(dinosaur|dino)s?\b/,
    colours: [hexToRgb("#4fbf5a"), hexToRgb("#ff9a2e")],
    held: false,
  },
  {
    kind: "phone",
    words: /\b(phone|smartphone|cellphone|mobile)\b/,
    colours: [hexToRgb("#7fdcff")],
    held: true,
  },
  { kind: "lightning", words: /\blightning\b/, colours: [hexToRgb("#fff6a8")], held: false },
  { kind: "keys", words: /\bkeys?\b/, colours: [hexToRgb("#f0c419")], held: true },
];

/** Words for things every demo plate paints in; a prop naming one is judged with the location. */
const SET_WORDS =
  /\b(tv|television|couch|sofa|armchair|window|door|rug|lamp|picture|steering|dashboard|seats?|bench|ferns?|volcano|footprints?|swamp|lantern|crates?|blankets?|cave|rocks?)\b/;

export function propSignature(prop: string): PropSignature | undefined {
  const text = prop.toLowerCase();
  return SIGNATURES.find((s) => s.words.test(text));
}

export function isSetDressing(prop: string): boolean {
  return SET_WORDS.test(prop.toLowerCase());
}

/** Colours of every loose prop the studio paints: never part of a figure. */
export function loosePropColours(): Rgb[] {
  return SIGNATURES.filter((s) => !s.held).flatMap((s) => s.colours);
}
