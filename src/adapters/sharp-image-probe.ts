import sharp from "sharp";
import type { ImageProbe } from "../ports/image-probe.ts";

/** Decodes the pixels, not only the header, so a truncated PNG is caught too. */
export function createSharpImageProbe(): ImageProbe {
  return {
    async dimensions(bytes) {
      const { info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const meta = await sharp(bytes).metadata();
      return { width: info.width, height: info.height, format: meta.format ?? "unknown" };
    },
  };
}
