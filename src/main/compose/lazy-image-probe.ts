import type { ImageProbe } from "../../ports/image-probe.ts";

/** The sharp probe, loaded at its first use: commands that decode no image never load sharp. */
export function lazyImageProbe(): ImageProbe {
  let probe: Promise<ImageProbe> | undefined;
  return {
    async dimensions(bytes) {
      probe ??= import("../../adapters/sharp-image-probe.ts").then((module) =>
        module.createSharpImageProbe(),
      );
      return (await probe).dimensions(bytes);
    },
  };
}
