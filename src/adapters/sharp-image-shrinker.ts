import sharp from "sharp";
import type { ImageShrinker } from "../ports/image-shrinker.ts";

// JPEG at the report's widths keeps a nine-shot report, ten keyframes a clip, within a few megabytes.
const JPEG_QUALITY = 74;

export function createSharpImageShrinker(): ImageShrinker {
  return {
    async shrink(image, maxWidth) {
      const { data, info } = await sharp(image)
        .resize({ width: Math.max(1, Math.round(maxWidth)), withoutEnlargement: true })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      return { bytes: data, mime: "image/jpeg", width: info.width, height: info.height };
    },
  };
}
