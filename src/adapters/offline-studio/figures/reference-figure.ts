import { AppError } from "../../../core/app-error.ts";
import type { Rgb } from "../../free-tier/pixels/colour.ts";
import { decodeRaster, imageSize } from "../../free-tier/pixels/raster.ts";
import { type Anatomy, inkColour, measureAnatomy } from "./figure-anatomy.ts";
import { type Cutout, leftmostFigureOnGround } from "./figure-cutout.ts";
import { bandPixels, dominantColour } from "./garment-colours.ts";

/**
 * A character as a turnaround sheet shows them, measured: the front view (the leftmost figure)
 * cut out, its anatomy, the sheet's ink, its height on the shared sheet scale, and the outfit
 * the sheet happens to show. Generator and judge both learn a character from this alone.
 */
export interface ReferenceFigure {
  cut: Cutout;
  anatomy: Anatomy;
  ink: Rgb;
  /** Figure height over sheet height: sheets share one scale, so this is relative stature. */
  heightFraction: number;
  outfit: { top?: Rgb; bottom?: Rgb };
}

const MAX_SHEET_WIDTH = 1600;

export async function readReferenceFigure(bytes: Buffer, label: string): Promise<ReferenceFigure> {
  const size = await imageSize(bytes);
  const scale = Math.min(1, MAX_SHEET_WIDTH / size.width);
  const sheet = await decodeRaster(
    bytes,
    scale < 1
      ? { width: Math.round(size.width * scale), height: Math.round(size.height * scale) }
      : undefined,
  );
  const front = leftmostFigureOnGround(sheet);
  const ink = front ? inkColour(front, 0, front.mask.height - 1) : undefined;
  const anatomy = front && ink ? measureAnatomy(front, { ink }) : undefined;
  if (!front || !ink || !anatomy) {
    throw new AppError(
      "REFERENCE_UNREADABLE",
      `${label}: no standing figure could be read from the turnaround's front view`,
      { label },
    );
  }
  const exclude = [anatomy.skin, ink];
  return {
    cut: front,
    anatomy,
    ink,
    heightFraction: anatomy.height / sheet.height,
    outfit: {
      top: dominantColour(bandPixels(front, anatomy, anatomy.topBand, exclude)),
      bottom: dominantColour(bandPixels(front, anatomy, anatomy.bottomBand, exclude)),
    },
  };
}
