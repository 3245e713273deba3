import type { Criterion } from "../../core/scores.ts";
import { deltaE, type Rgb, ramp } from "../free-tier/pixels/colour.ts";
import { type ColourWord, nearestColourName } from "../offline-studio/figures/colour-words.ts";
import type { Anatomy } from "../offline-studio/figures/figure-anatomy.ts";
import type { Cutout } from "../offline-studio/figures/figure-cutout.ts";
import { bandPixels, dominantColour, shareNear } from "../offline-studio/figures/garment-colours.ts";
import { parseWardrobe, type SlotSpec } from "../offline-studio/figures/wardrobe-spec.ts";

/**
 * Wardrobe against the manifest's line for this shot: the share of the top and of the
 * trousers/skirt painted in the colours the line states. Identity is not looked at here, so a
 * tuxedo is never "wrong" because the turnaround shows a tee.
 */
interface SlotResult {
  slot: "top" | "bottom";
  score: number;
  detail: string;
}

function scoreSlot(
  slot: "top" | "bottom",
  spec: SlotSpec | undefined,
  pixels: (exclude: readonly Rgb[]) => Rgb[],
  skin: Rgb,
  ink: Rgb,
): SlotResult | undefined {
  const primary = spec?.colour;
  if (!spec || !primary) return undefined;
  const accent = spec.accent?.colour;
  const expected: ColourWord[] = accent ? [primary, accent] : [primary];
  // Leave skin and ink out of the count unless the garment itself is painted close to them.
  const exclude = [skin, ink].filter((c) => expected.every((e) => deltaE(e.rgb, c) > 20));
  const seen = pixels(exclude);
  if (seen.length < 12)
    return {
      slot,
      score: 0,
      detail: `${slot}: too little of the garment is visible to check ${primary.name}`,
    };
  const primaryShare = shareNear(seen, primary.rgb);
  const accentShare = accent ? Math.min(0.3, shareNear(seen, accent.rgb)) : 0;
  const score = Math.min(ramp(primaryShare + accentShare, 0.55, 0.2), ramp(primaryShare, 0.3, 0.1));
  const want = accent ? `${primary.name} with ${accent.name}` : primary.name;
  const dominant = dominantColour(seen);
  const looks = dominant ? nearestColourName(dominant) : "unclear";
  const detail =
    score >= 0.8
      ? `${slot} ${Math.round(primaryShare * 100)}% ${primary.name} as stated (${spec.garment})`
      : `${slot} looks ${looks}, not ${want} (${Math.round(primaryShare * 100)}% ${primary.name})`;
  return { slot, score, detail };
}

export function scoreWardrobe(
  cut: Cutout,
  anatomy: Anatomy,
  wardrobe: string,
  skin: Rgb,
  ink: Rgb,
): Criterion {
  const spec = parseWardrobe(wardrobe);
  const results = [
    scoreSlot("top", spec.top, (exclude) => bandPixels(cut, anatomy, anatomy.topBand, exclude), skin, ink),
    scoreSlot(
      "bottom",
      spec.bottom,
      (exclude) => bandPixels(cut, anatomy, anatomy.bottomBand, exclude),
      skin,
      ink,
    ),
  ].filter((r): r is SlotResult => r !== undefined);
  if (results.length === 0)
    return { score: 1, reason: `"${wardrobe}" names no colour the offline judge can check` };
  const score = Math.min(...results.map((r) => r.score));
  return { score, reason: results.map((r) => r.detail).join("; ") };
}
