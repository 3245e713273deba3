import sharp, { type OverlayOptions } from "sharp";
import type { CastSheet, CastSheetCell, CastSheetMaker } from "../ports/cast-sheet.ts";

export interface SharpCastSheetOptions {
  /** Each turnaround is fitted into a cell this size (the bible's 16:9 sheets fill it exactly). */
  cellWidth?: number;
  cellHeight?: number;
}

const LABEL_HEIGHT = 72;
const GAP = 16;
const BACKGROUND = { r: 255, g: 255, b: 255, alpha: 1 };

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function labelSvg(id: string, width: number): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${LABEL_HEIGHT}">` +
      `<text x="${width / 2}" y="${LABEL_HEIGHT * 0.7}" font-family="DejaVu Sans" font-size="44" font-weight="bold" fill="#111111" text-anchor="middle">${escapeXml(id)}</text>` +
      "</svg>",
  );
}

/** The cast sheet drawn with sharp: a grid of turnarounds, as square as the cast allows, each id beneath its own. */
export function createSharpCastSheet(options: SharpCastSheetOptions = {}): CastSheetMaker {
  const cellWidth = options.cellWidth ?? 1280;
  const cellHeight = options.cellHeight ?? 720;
  return {
    async compose(members): Promise<CastSheet> {
      const columns = Math.ceil(Math.sqrt(members.length));
      const rows = Math.ceil(members.length / columns);
      const width = columns * cellWidth + (columns + 1) * GAP;
      const height = rows * (cellHeight + LABEL_HEIGHT) + (rows + 1) * GAP;
      const cells: CastSheetCell[] = [];
      const layers: OverlayOptions[] = [];
      for (const [index, member] of members.entries()) {
        const left = GAP + (index % columns) * (cellWidth + GAP);
        const top = GAP + Math.floor(index / columns) * (cellHeight + LABEL_HEIGHT + GAP);
        const fitted = await sharp(member.bytes)
          .resize(cellWidth, cellHeight, { fit: "contain", background: BACKGROUND })
          .png()
          .toBuffer();
        layers.push({ input: fitted, left, top });
        layers.push({ input: labelSvg(member.id, cellWidth), left, top: top + cellHeight });
        cells.push({ id: member.id, left, top, width: cellWidth, height: cellHeight });
      }
      const bytes = await sharp({ create: { width, height, channels: 4, background: BACKGROUND } })
        .composite(layers)
        .png()
        .toBuffer();
      return { bytes, mime: "image/png", cells };
    },
  };
}
