import type { Shot } from "../../../core/manifest.ts";
import { parseWardrobe } from "../figures/wardrobe-spec.ts";
import { pick, type Random } from "./seeded-random.ts";

/**
 * The mistakes the offline panel model makes on its own, as a real image model does: a
 * character drawn off-model (hair colour, build), the wrong clothes, someone left out, the
 * wrong set behind them, or nothing usable at all. Only the fault log hears about them.
 */
export type PanelFault =
  | { kind: "hair-colour"; character: string }
  | { kind: "build"; character: string; factor: number }
  | { kind: "wardrobe"; character: string; slot: "top" | "bottom" }
  | { kind: "missing-character"; character: string }
  | { kind: "wrong-background" }
  | { kind: "blank"; colour: "grey" | "black" };

export function describeFault(fault: PanelFault): string {
  switch (fault.kind) {
    case "hair-colour":
      return `off-model:${fault.character}:hair-colour`;
    case "build":
      return `off-model:${fault.character}:build-x${fault.factor}`;
    case "wardrobe":
      return `wardrobe:${fault.character}:${fault.slot}`;
    case "missing-character":
      return `missing:${fault.character}`;
    case "wrong-background":
      return "wrong-background";
    case "blank":
      return `blank:${fault.colour}`;
  }
}

export function pickPanelFault(random: Random, shot: Shot, faultRate: number): PanelFault | null {
  if (random() >= faultRate) return null;
  const cast = shot.characters.map((c) => c.id);
  const kinds =
    cast.length > 0
      ? ["hair-colour", "build", "wardrobe", "missing-character", "wrong-background", "blank"]
      : ["wrong-background", "blank"];
  const kind = pick(random, kinds);
  const character = cast.length > 0 ? pick(random, cast) : "";
  switch (kind) {
    case "hair-colour":
      return { kind, character };
    case "build":
      return { kind, character, factor: pick(random, [0.6, 1.5]) };
    case "wardrobe": {
      // Only a garment whose colour the manifest states can be visibly wrong.
      const spec = parseWardrobe(shot.characters.find((c) => c.id === character)?.wardrobe ?? "");
      const slots = (["top", "bottom"] as const).filter((slot) => spec[slot]?.colour);
      return slots.length > 0
        ? { kind, character, slot: pick(random, slots) }
        : { kind: "hair-colour", character };
    }
    case "missing-character":
      return { kind, character };
    case "wrong-background":
      return { kind };
    default:
      return { kind: "blank", colour: pick(random, ["grey", "black"] as const) };
  }
}
