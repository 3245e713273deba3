import type { Manifest } from "../core/manifest.ts";
import { benchManifest } from "./bench-scene.ts";

/** Scenes of their own, with shot ids of their own, so a scope never matches two scenes. */
export function sceneOf(scene: string, prefix: string, shots: number, maxDuration: number): Manifest {
  const manifest = benchManifest(shots, maxDuration);
  return {
    ...manifest,
    scene,
    title: `${scene} (orchestration figures)`,
    shots: manifest.shots.map((shot) => ({ ...shot, id: shot.id.replace(/^B/, prefix) })),
  };
}
