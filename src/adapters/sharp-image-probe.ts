import { AppError } from "../core/app-error.ts";
import { IMAGE_BOUNDS } from "../core/image-bounds.ts";
import type { ImageProbe } from "../ports/image-probe.ts";
import { boundedSharp } from "./bounded-sharp.ts";

/**
 * Decodes the pixels, not only the header, so a truncated PNG is caught too; an image over the
 * size bounds (src/core/image-bounds.ts) is refused before decoding.
 */
export function createSharpImageProbe(): ImageProbe {
  return {
    async dimensions(bytes) {
      try {
        const meta = await boundedSharp(bytes).metadata();
        const { info } = await boundedSharp(bytes).raw().toBuffer({ resolveWithObject: true });
        return { width: info.width, height: info.height, format: meta.format ?? "unknown" };
      } catch (error) {
        if (!/pixel limit/i.test((error as Error).message)) throw error;
        throw new AppError(
          "IMAGE_TOO_LARGE",
          `more than the ${IMAGE_BOUNDS.maxPixels} pixels an image may have`,
        );
      }
    },
  };
}
