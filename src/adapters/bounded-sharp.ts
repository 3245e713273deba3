import sharp, { type Sharp } from "sharp";
import { AppError } from "../core/app-error.ts";
import { IMAGE_BOUNDS, tooManyBytes } from "../core/image-bounds.ts";

/**
 * sharp for untrusted image bytes: the byte size is checked first and the pixel count from the
 * header (limitInputPixels) before anything is decoded, so a huge image fails at once.
 */
export function boundedSharp(bytes: Buffer): Sharp {
  if (bytes.length > IMAGE_BOUNDS.maxBytes) throw new AppError("IMAGE_TOO_LARGE", tooManyBytes(bytes.length));
  return sharp(bytes, { limitInputPixels: IMAGE_BOUNDS.maxPixels });
}
