import { describeError } from "../../core/app-error.ts";
import type { ImageShrinker } from "../../ports/image-shrinker.ts";
import type { Storage } from "../../ports/storage.ts";
import type { ReportImage } from "./report-data.ts";

/** An image ready to inline, or why it could not be read (the report says so instead of breaking). */
export type EmbeddedImage = { dataUri: string; width: number; height: number } | { error: string };

/** Widths the report shows images at. Keyframes come many to a row, so they are smaller. */
export const IMAGE_WIDTHS: Record<ReportImage["size"], number> = { panel: 320, frame: 200 };

// Reads and resizes a few at a time: a long run has hundreds of keyframes.
const PARALLEL = 4;

/** Reads each image from the artifact store once and shrinks it to a data: URI. */
export async function embedImages(
  artifacts: Storage,
  shrinker: ImageShrinker,
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
      out.set(key, await embedOne(artifacts, shrinker, key, width));
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return out;
}

async function embedOne(
  artifacts: Storage,
  shrinker: ImageShrinker,
  key: string,
  width: number,
): Promise<EmbeddedImage> {
  try {
    const shrunk = await shrinker.shrink(await artifacts.read(key), width);
    return {
      dataUri: `data:${shrunk.mime};base64,${shrunk.bytes.toString("base64")}`,
      width: shrunk.width,
      height: shrunk.height,
    };
  } catch (error) {
    return { error: describeError(error).message };
  }
}
