import sharp from "sharp";
import type { Shot } from "../../../core/manifest.ts";
import { deltaE, hexToRgb, type Rgb, rgbDistance } from "../../free-tier/pixels/colour.ts";
import { NEUTRAL_OUTFIT, type Outfit, outfitFromWardrobe } from "../demo-bible/outfit.ts";
import { svgDocument } from "../demo-bible/svg.ts";
import { allColourWords } from "../figures/colour-words.ts";
import type { ReferenceFigure } from "../figures/reference-figure.ts";
import { parseWardrobe, statedColours } from "../figures/wardrobe-spec.ts";
import { type PlacedFigure, propsSvg } from "./draw-props.ts";
import { dressFigure } from "./dress-figure.ts";
import { panelBackground } from "./panel-background.ts";
import type { PanelFault } from "./panel-faults.ts";
import { framingOf, layoutFigures } from "./panel-layout.ts";
import type { Random } from "./seeded-random.ts";

/**
 * Composes one storyboard panel: the plate through the shot's camera, the cast cut from their
 * turnarounds and dressed in this shot's wardrobe, laid out in manifest order, then props.
 * A fault, when drawn, is painted in here and nowhere else.
 */
export interface ComposeInput {
  shot: Shot;
  frame: "start" | "end";
  width: number;
  height: number;
  plate: Buffer;
  cast: { id: string; wardrobe: string; figure: ReferenceFigure }[];
  fault: PanelFault | null;
  random: Random;
}

const HAIR_SWATCHES = [
  "#3b2214",
  "#141212",
  "#e8c35c",
  "#d0701c",
  "#f0eee8",
  "#8c8a86",
  "#2f6fd6",
  "#7a3fb0",
  "#2f9e44",
  "#e0569b",
].map(hexToRgb);

/** A colour clearly unlike every colour in `avoid` (the model's wrong guess). */
function unlike(random: Random, swatches: readonly Rgb[], avoid: readonly Rgb[], minimum: number): Rgb {
  const far = swatches.filter((s) => avoid.every((a) => deltaE(s, a) >= minimum));
  const pool = far.length > 0 ? far : swatches;
  return pool[Math.floor(random() * pool.length)] as Rgb;
}

function outfitFor(member: ComposeInput["cast"][number], fault: PanelFault | null, random: Random): Outfit {
  const { figure } = member;
  const spec = parseWardrobe(member.wardrobe);
  const fallback: Outfit = {
    ...NEUTRAL_OUTFIT,
    top: figure.outfit.top ?? NEUTRAL_OUTFIT.top,
    bottom: figure.outfit.bottom ?? NEUTRAL_OUTFIT.bottom,
  };
  const outfit = outfitFromWardrobe(spec, fallback);
  if (fault?.kind !== "wardrobe" || fault.character !== member.id) return outfit;
  const stated = statedColours(spec[fault.slot]).map((c) => c.rgb);
  const avoid = [...stated, figure.anatomy.skin, figure.anatomy.hair, figure.ink];
  const swatches = allColourWords()
    .map((c) => c.rgb)
    .filter((c) => rgbDistance(c, figure.ink) > 60);
  return { ...outfit, [fault.slot]: unlike(random, swatches, avoid, 45) };
}

export async function composePanel(input: ComposeInput): Promise<Buffer> {
  const { shot, frame, width, height, fault, random } = input;
  if (fault?.kind === "blank") {
    const background = fault.colour === "black" ? { r: 4, g: 4, b: 6 } : { r: 128, g: 128, b: 128 };
    return sharp({ create: { width, height, channels: 3, background } })
      .png()
      .toBuffer();
  }
  const background = await panelBackground(
    shot,
    frame,
    input.plate,
    { width, height },
    random,
    fault?.kind === "wrong-background",
  );
  const present = input.cast.filter(
    (member) => !(fault?.kind === "missing-character" && fault.character === member.id),
  );
  const dressed = await Promise.all(
    present.map(async (member) => {
      const hair =
        fault?.kind === "hair-colour" && fault.character === member.id
          ? unlike(random, HAIR_SWATCHES, [member.figure.anatomy.hair, member.figure.anatomy.skin], 40)
          : undefined;
      const raster = await dressFigure(member.figure, outfitFor(member, fault, random), { hair });
      const widthFactor = fault?.kind === "build" && fault.character === member.id ? fault.factor : 1;
      return { member, raster, widthFactor };
    }),
  );
  const framing = framingOf(shot.camera, shot.characters.length) * (frame === "end" ? 1.15 : 1);
  const shift = frame === "end" ? (random() - 0.5) * 0.1 : 0;
  const placements = layoutFigures(
    dressed.map((d) => ({
      width: d.raster.width * d.widthFactor,
      height: d.raster.height,
      heightFraction: d.member.figure.heightFraction,
    })),
    { width, height },
    framing,
    shift,
  );
  const layers: { input: Buffer; left: number; top: number }[] = [];
  const placed: PlacedFigure[] = [];
  for (const [i, d] of dressed.entries()) {
    const at = placements[i];
    if (!at) continue;
    const png = await sharp(
      Buffer.from(d.raster.data.buffer, d.raster.data.byteOffset, d.raster.data.length),
      {
        raw: { width: d.raster.width, height: d.raster.height, channels: 4 },
      },
    )
      .resize(at.width, at.height, { fit: "fill", kernel: "linear" })
      .png()
      .toBuffer();
    layers.push({ input: png, left: at.left, top: at.top });
    const a = d.member.figure.anatomy;
    const sx = at.width / d.raster.width;
    const sy = at.height / d.raster.height;
    const reach = a.torsoWidth * 0.405;
    placed.push({
      id: d.member.id,
      placement: at,
      hands: {
        leftX: at.left + (a.axis - reach) * sx,
        rightX: at.left + (a.axis + reach) * sx,
        y: at.top + (a.headBottom + 0.47 * (a.bottom - a.headBottom)) * sy,
      },
    });
  }
  const scene = { width, height, figures: placed, sky: background.sky };
  const svgLayer = (body: string) => ({
    input: Buffer.from(svgDocument(width, height, width, height, body)),
    left: 0,
    top: 0,
  });
  const behind = propsSvg(shot.props, scene, "behind");
  const front = propsSvg(shot.props, scene, "front");
  const all = [...(behind ? [svgLayer(behind)] : []), ...layers, ...(front ? [svgLayer(front)] : [])];
  return sharp(background.png).composite(all).png({ compressionLevel: 6 }).toBuffer();
}
