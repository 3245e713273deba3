import { writeDemoBible } from "../../src/adapters/offline-studio/demo-bible/write-demo-bible.ts";
import { manifestKey, plateKey, turnaroundKey } from "../../src/core/bible-layout.ts";
import { type Manifest, parseManifest, type Shot } from "../../src/core/manifest.ts";
import type { PanelRequest, ReferenceImage } from "../../src/ports/image-model.ts";
import type { JudgeRequest } from "../../src/ports/judge.ts";
import { createMemoryStorage } from "./memory-storage.ts";

/**
 * The demo bible drawn once into memory, with builders for the requests the offline studio
 * answers: a panel request carrying the shot's references, a judge request for an image.
 */
export interface DemoStudio {
  manifests: Record<string, Manifest>;
  turnaround(id: string): Buffer;
  plate(id: string): Buffer;
  shot(sceneId: string, shotId: string): Shot;
  panelRequest(
    sceneId: string,
    shot: Shot,
    options?: Partial<Pick<PanelRequest, "frame" | "attempt" | "width" | "height" | "signal">>,
  ): PanelRequest;
  judgeRequest(
    sceneId: string,
    shot: Shot,
    image: Buffer,
    options?: { continuity?: JudgeRequest["continuity"]; kind?: "panel" | "end-panel" | "keyframe" },
  ): JudgeRequest;
}

export async function loadDemoStudio(): Promise<DemoStudio> {
  const storage = createMemoryStorage();
  await writeDemoBible(storage);
  const read = (key: string) => {
    const body = storage.objects.get(key);
    if (!body) throw new Error(`demo bible has no ${key}`);
    return body;
  };
  const manifests: Record<string, Manifest> = {};
  for (const scene of ["scene1", "scene2"])
    manifests[scene] = parseManifest(read(manifestKey(scene)).toString("utf8"), manifestKey(scene));
  const studio: DemoStudio = {
    manifests,
    turnaround: (id) => read(turnaroundKey(id)),
    plate: (id) => read(plateKey(id)),
    shot(sceneId, shotId) {
      const found = manifests[sceneId]?.shots.find((s) => s.id === shotId);
      if (!found) throw new Error(`no shot ${sceneId}/${shotId}`);
      return found;
    },
    panelRequest(sceneId, shot, options = {}) {
      const references: ReferenceImage[] = [
        ...shot.characters.map((c) => ({
          role: "character" as const,
          id: c.id,
          key: turnaroundKey(c.id),
          bytes: studio.turnaround(c.id),
          mime: "image/png",
        })),
        {
          role: "location",
          id: shot.location,
          key: plateKey(shot.location),
          bytes: studio.plate(shot.location),
          mime: "image/png",
        },
      ];
      return {
        sceneId,
        shot,
        frame: options.frame ?? "start",
        references,
        width: options.width ?? 640,
        height: options.height ?? 360,
        attempt: options.attempt ?? 1,
        signal: options.signal ?? new AbortController().signal,
      };
    },
    judgeRequest(sceneId, shot, image, options = {}) {
      return {
        sceneId,
        shot,
        artifact: {
          bytes: image,
          mime: "image/png",
          kind: options.kind ?? "panel",
          label: `${shot.id} panel`,
        },
        cast: shot.characters.map((c) => ({
          id: c.id,
          wardrobe: c.wardrobe,
          turnaround: { bytes: studio.turnaround(c.id), mime: "image/png" },
        })),
        location: { id: shot.location, plate: { bytes: studio.plate(shot.location), mime: "image/png" } },
        props: shot.props,
        ...(options.continuity ? { continuity: options.continuity } : {}),
        signal: new AbortController().signal,
      };
    },
  };
  return studio;
}
