import sharp from "sharp";
import { AppError } from "../../../core/app-error.ts";
import { boundedSharp } from "../../bounded-sharp.ts";
import type { Rgb } from "./colour.ts";

/** Decoded RGBA pixels, row-major: the one in-memory image form every measurement works on. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

export function createRaster(width: number, height: number): Raster {
  return { width, height, data: new Uint8Array(width * height * 4) };
}

/**
 * Decodes any image sharp reads; with `size`, resizes to exactly that (aspect not kept). Resizing
 * uses a linear kernel: lanczos rings, and its overshoot turns ink darker than any hair.
 */
export async function decodeRaster(bytes: Buffer, size?: { width: number; height: number }): Promise<Raster> {
  try {
    let pipeline = boundedSharp(bytes).ensureAlpha();
    if (size) pipeline = pipeline.resize(size.width, size.height, { fit: "fill", kernel: "linear" });
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (error) {
    throw new AppError("IMAGE_UNREADABLE", `not a readable image (${(error as Error).message})`);
  }
}

/** Width and height of an image without keeping its pixels. */
export async function imageSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  try {
    const meta = await boundedSharp(bytes).metadata();
    if (!meta.width || !meta.height) throw new Error("no dimensions");
    return { width: meta.width, height: meta.height };
  } catch (error) {
    throw new AppError("IMAGE_UNREADABLE", `not a readable image (${(error as Error).message})`);
  }
}

export function rasterToSharp(raster: Raster): ReturnType<typeof sharp> {
  return sharp(Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.length), {
    raw: { width: raster.width, height: raster.height, channels: 4 },
  });
}

export async function encodePng(raster: Raster): Promise<Buffer> {
  return rasterToSharp(raster).png({ compressionLevel: 6 }).toBuffer();
}

export async function resizeRaster(raster: Raster, width: number, height: number): Promise<Raster> {
  const { data, info } = await rasterToSharp(raster)
    .resize(width, height, { fit: "fill", kernel: "linear" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

export function pixelAt(raster: Raster, x: number, y: number): Rgb {
  const i = (y * raster.width + x) * 4;
  return [raster.data[i] ?? 0, raster.data[i + 1] ?? 0, raster.data[i + 2] ?? 0];
}

export function cropRaster(raster: Raster, left: number, top: number, width: number, height: number): Raster {
  const out = createRaster(width, height);
  for (let y = 0; y < height; y++) {
    const sy = top + y;
    if (sy < 0 || sy >= raster.height) continue;
    for (let x = 0; x < width; x++) {
      const sx = left + x;
      if (sx < 0 || sx >= raster.width) continue;
      const si = (sy * raster.width + sx) * 4;
      const di = (y * width + x) * 4;
      out.data[di] = raster.data[si] ?? 0;
      out.data[di + 1] = raster.data[si + 1] ?? 0;
      out.data[di + 2] = raster.data[si + 2] ?? 0;
      out.data[di + 3] = raster.data[si + 3] ?? 0;
    }
  }
  return out;
}
