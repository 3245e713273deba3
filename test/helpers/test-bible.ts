import sharp from "sharp";
import type { Manifest } from "../../src/core/manifest.ts";
import type { Storage } from "../../src/ports/storage.ts";

export const tinyPng = (r: number, g: number, b: number) =>
  sharp({ create: { width: 64, height: 36, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

/** A small bible for engine tests: two characters, one location, and `shots` shots in scene `s1`. */
export async function writeTestBible(
  storage: Storage,
  options: { shots?: number; duration?: number; manifest?: (manifest: Manifest) => Manifest } = {},
): Promise<Manifest> {
  await storage.write("characters/ann/ann_turnaround_APPROVED.png", await tinyPng(200, 50, 50));
  await storage.write("characters/bo/bo_turnaround_APPROVED.png", await tinyPng(50, 200, 50));
  await storage.write("locations/room/room_plate_APPROVED.png", await tinyPng(50, 50, 200));
  const count = options.shots ?? 2;
  let manifest: Manifest = {
    scene: "s1",
    shots: Array.from({ length: count }, (_, index) => ({
      id: `S${index + 1}`,
      order: index + 1,
      characters: [
        { id: "ann", wardrobe: "red coat" },
        { id: "bo", wardrobe: "green jumper" },
      ],
      location: "room",
      props: ["lamp"],
      camera: "static wide",
      motion: "they talk",
      duration: options.duration ?? 4,
    })),
  };
  if (options.manifest) manifest = options.manifest(manifest);
  await storage.write("scenes/s1/manifest.json", JSON.stringify(manifest, null, 2));
  return manifest;
}
