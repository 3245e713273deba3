import { manifestKey, plateKey, turnaroundKey } from "../../../core/bible-layout.ts";
import { parseManifest } from "../../../core/manifest.ts";
import type { Storage } from "../../../ports/storage.ts";
import { DEMO_CAST } from "./demo-cast.ts";
import { demoLocations } from "./demo-locations.ts";
import { demoManifests } from "./demo-manifests.ts";
import { drawPlate } from "./draw-plate.ts";
import { drawTurnaround } from "./draw-turnaround.ts";

/**
 * Draws the complete demo Asset Bible (seven turnarounds, four plates, two scene manifests)
 * and writes it through the Storage port. No network and no model: the pictures are drawn
 * here, in the studio's flat style, so the whole pipeline can run offline against them.
 */
export async function writeDemoBible(storage: Storage): Promise<{ keys: string[] }> {
  const keys: string[] = [];
  const drawings = [
    ...DEMO_CAST.map(async (design) => ({
      key: turnaroundKey(design.id),
      bytes: await drawTurnaround(design),
    })),
    ...demoLocations().map(async (location) => ({
      key: plateKey(location.id),
      bytes: await drawPlate(location.id),
    })),
  ];
  for (const { key, bytes } of await Promise.all(drawings)) {
    await storage.write(key, bytes, "image/png");
    keys.push(key);
  }
  for (const manifest of demoManifests()) {
    const key = manifestKey(manifest.scene);
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    // Fail here, not in a run, if the demo ever drifts from the manifest schema.
    parseManifest(text, key);
    await storage.write(key, text, "application/json");
    keys.push(key);
  }
  return { keys };
}
