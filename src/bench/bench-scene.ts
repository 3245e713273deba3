import { demoManifests } from "../adapters/offline-studio/demo-bible/demo-manifests.ts";
import type { Manifest } from "../core/manifest.ts";

/**
 * A synthetic production for the benchmark: `count` shots cycling through the demo scene's
 * shots (same cast, wardrobe, locations and props), each at most `maxDuration` seconds.
 */
export function benchManifest(count: number, maxDuration: number): Manifest {
  const templates = demoManifests().flatMap((manifest) => manifest.shots);
  const shots = Array.from({ length: count }, (_, index) => {
    const template = templates[index % templates.length] as Manifest["shots"][number];
    const { panel: _panel, end: _end, ...shot } = template;
    return {
      ...shot,
      id: `B${String(index + 1).padStart(3, "0")}`,
      order: index + 1,
      duration: Math.min(shot.duration, maxDuration),
    };
  });
  return { scene: "bench", title: "benchmark production", shots };
}
