import sharp from "sharp";
import { describeError } from "../../core/app-error.ts";
import type { Storage } from "../../ports/storage.ts";
import type { ReportImage } from "./report-data.ts";

/** An image ready to inline, or why it could not be read (the report says so instead of breaking). */
export type EmbeddedImage = { dataUri: string; width: number; height: number } | { error: string };

/**
 * Widths the report shows images at. Keyframes come many to a row, so they are smaller; JPEG at
 * these sizes keeps a nine-shot report, ten keyframes a clip, within a few megabytes.
 */
export const IMAGE_WIDTHS: Record<ReportImage["size"], number> = { panel: 320, frame: 200 };

const JPEG_QUALITY = 74;
// Reads and resizes a few at a time: a long run has hundreds of keyframes.
const PARALLEL = 4;

/** Reads each image from the artifact store once and shrinks it to a data: URI. */
export async function embedImages(
  artifacts: Storage,
  images: readonly ReportImage[],
): Promise<Map<string, EmbeddedImage>> {
  const widths = new Map<string, number>();
  for (const image of images) {
    widths.set(image.key, Math.max(widths.get(image.key) ?? 0, IMAGE_WIDTHS[image.size]));
  }
  const pending = [...widths.entries()];
  const out = new Map<string, EmbeddedImage>();
  async function worker() {
    for (let next = pending.shift(); next; next = pending.shift()) {
      const [key, width] = next;
      out.set(key, await embedOne(artifacts, key, width));
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return out;
}

async function embedOne(artifacts: Storage, key: string, width: number): Promise<EmbeddedImage> {
  try {
    const bytes = await artifacts.read(key);
    const { data, info } = await sharp(bytes)
      .resize({ width, withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return {
      dataUri: `data:image/jpeg;base64,${data.toString("base64")}`,
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    return { error: describeError(error).message };
  }
}
