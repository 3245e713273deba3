import sharp from "sharp";
import { distance3, type Rgb, rgbDistance } from "../../free-tier/pixels/colour.ts";
import type { Raster } from "../../free-tier/pixels/raster.ts";
import { garmentOverlaySvg } from "../demo-bible/draw-body.ts";
import type { Outfit } from "../demo-bible/outfit.ts";
import { svgDocument } from "../demo-bible/svg.ts";
import type { ReferenceFigure } from "../figures/reference-figure.ts";

/**
 * Re-dresses a reference figure's pixels: what the sheet shows in its neutral outfit is
 * repainted in the shot's wardrobe, and garment shapes (a skirt, a shirt front, a printed star)
 * are drawn over the measured body. Face, hair and build are the reference's own pixels, so a
 * drifted reference stays drifted, as it would through a real image-to-image model.
 */

/** How much of `from` is in `colour` when it is `from` anti-aliased into `ink` (0 when it is not). */
function shareOf(colour: Rgb, from: Rgb, ink: Rgb): number {
  const ab = [from[0] - ink[0], from[1] - ink[1], from[2] - ink[2]] as const;
  const ac = [colour[0] - ink[0], colour[1] - ink[1], colour[2] - ink[2]] as const;
  const length2 = ab[0] ** 2 + ab[1] ** 2 + ab[2] ** 2;
  if (length2 === 0) return 0;
  const t = Math.min(1, (ab[0] * ac[0] + ab[1] * ac[1] + ab[2] * ac[2]) / length2);
  if (t < 0.15) return 0;
  const residual = distance3(ac[0] - t * ab[0], ac[1] - t * ab[1], ac[2] - t * ab[2]);
  return residual < 22 ? t : 0;
}

interface Repaint {
  from: Rgb;
  to: Rgb;
  rows: [number, number];
  where: "hair" | "body";
}

/**
 * Moves pixels of one colour (and their anti-aliased rims) to another, keeping the rims' blend.
 * Each pixel takes the first job its original colour matches, so jobs cannot chain.
 */
export function repaint(figure: ReferenceFigure, raster: Raster, jobs: readonly Repaint[]): void {
  const { width, height } = raster;
  const { anatomy, ink } = figure;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const i = p * 4;
      if ((raster.data[i + 3] ?? 0) === 0) continue;
      const colour: Rgb = [raster.data[i] ?? 0, raster.data[i + 1] ?? 0, raster.data[i + 2] ?? 0];
      const inHair = anatomy.hairMask[p] === 1;
      const eligible = jobs.filter(
        (job) =>
          y >= job.rows[0] &&
          y <= job.rows[1] &&
          !(job.where === "body" && inHair) &&
          !(job.where === "hair" && !inHair && !nearHair(anatomy.hairMask, width, p)),
      );
      // A pixel of a job's own colour belongs to that job, whatever blend it might also pass for.
      const exact = eligible.find((job) => rgbDistance(colour, job.from) < 18);
      const job = exact ?? eligible.find((candidate) => shareOf(colour, candidate.from, ink) > 0);
      if (!job) continue;
      const t = exact ? 1 : shareOf(colour, job.from, ink);
      for (let k = 0; k < 3; k++) {
        const value = (colour[k] ?? 0) + t * ((job.to[k] ?? 0) - (job.from[k] ?? 0));
        raster.data[i + k] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
  }
}

function nearHair(mask: Uint8Array, width: number, p: number): boolean {
  return mask[p - 1] === 1 || mask[p + 1] === 1 || mask[p - width] === 1 || mask[p + width] === 1;
}

export async function dressFigure(
  figure: ReferenceFigure,
  outfit: Outfit,
  options: { hair?: Rgb } = {},
): Promise<Raster> {
  const { anatomy, cut } = figure;
  const raster: Raster = {
    width: cut.raster.width,
    height: cut.raster.height,
    data: new Uint8Array(cut.raster.data),
  };
  const body: [number, number] = [anatomy.headBottom, anatomy.bottom];
  const jobs: Repaint[] = [];
  if (figure.outfit.top) jobs.push({ from: figure.outfit.top, to: outfit.top, rows: body, where: "body" });
  if (figure.outfit.bottom)
    jobs.push({ from: figure.outfit.bottom, to: outfit.bottom, rows: body, where: "body" });
  if (options.hair)
    jobs.push({ from: anatomy.hair, to: options.hair, rows: [anatomy.top, anatomy.bottom], where: "hair" });
  repaint(figure, raster, jobs);
  const frame = {
    shoulderY: anatomy.headBottom - anatomy.top,
    footY: anatomy.bottom - anatomy.top,
    width: anatomy.torsoWidth,
  };
  const strokeWidth = Math.max(1, anatomy.height * 0.009);
  const overlay = garmentOverlaySvg(outfit, frame, strokeWidth);
  if (!overlay) return raster;
  const svg = svgDocument(
    raster.width,
    raster.height,
    raster.width,
    raster.height,
    `<g transform="translate(${anatomy.axis},${anatomy.top})">${overlay}</g>`,
  );
  const { data } = await sharp(Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.length), {
    raw: { width: raster.width, height: raster.height, channels: 4 },
  })
    .composite([{ input: Buffer.from(svg) }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: raster.width,
    height: raster.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}
