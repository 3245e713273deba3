import { AppError } from "./app-error.ts";
import { type Manifest, orderedShots, type Shot } from "./manifest.ts";

/** A resolved scope: the shots of one scene a run covers, in scene order. */
export interface ResolvedScope {
  text: string;
  sceneId: string;
  manifest: Manifest;
  shots: Shot[];
  /** True when the scope is the whole scene, so the stitched scene and its gate belong to the run. */
  wholeScene: boolean;
}

const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Scopes: a shot (`1A`), a list (`1A,1C`), a range (`1A-1D`, by scene order) or a scene (`scene1`).
 * Runs are per scene, because the scene gate checks continuity across its cuts.
 */
export function resolveScope(text: string, manifests: ReadonlyMap<string, Manifest>): ResolvedScope {
  const trimmed = text.trim();
  if (!trimmed)
    throw scopeError(
      text,
      "the scope is empty; give a shot (1A), a list (1A,1C), a range (1A-1D) or a scene (scene1)",
    );
  const scene = manifests.get(trimmed);
  if (scene)
    return { text: trimmed, sceneId: trimmed, manifest: scene, shots: orderedShots(scene), wholeScene: true };

  const picked: { sceneId: string; shot: Shot }[] = [];
  for (const part of trimmed.split(",").map((item) => item.trim())) {
    const range = /^([^-]+)-([^-]+)$/.exec(part);
    if (range?.[1] && range[2] && !lookupShot(part, manifests, text)) {
      const from = findShot(range[1], manifests, text);
      const to = findShot(range[2], manifests, text);
      if (from.sceneId !== to.sceneId)
        throw scopeError(text, `${range[1]} and ${range[2]} are in different scenes`);
      const shots = orderedShots(from.manifest);
      const start = shots.findIndex((shot) => shot.id === from.shot.id);
      const end = shots.findIndex((shot) => shot.id === to.shot.id);
      if (start > end)
        throw scopeError(text, `range ${part} runs backwards (${range[2]} comes before ${range[1]})`);
      for (const shot of shots.slice(start, end + 1)) picked.push({ sceneId: from.sceneId, shot });
    } else {
      const found = findShot(part, manifests, text);
      picked.push({ sceneId: found.sceneId, shot: found.shot });
    }
  }
  const sceneIds = new Set(picked.map((item) => item.sceneId));
  if (sceneIds.size > 1)
    throw scopeError(text, `a run covers one scene; this scope spans ${[...sceneIds].join(", ")}`);
  const sceneId = picked[0]?.sceneId ?? "";
  const manifest = manifests.get(sceneId) as Manifest;
  const ids = new Set(picked.map((item) => item.shot.id));
  const shots = orderedShots(manifest).filter((shot) => ids.has(shot.id));
  return { text: trimmed, sceneId, manifest, shots, wholeScene: shots.length === manifest.shots.length };
}

type ShotHit = { sceneId: string; manifest: Manifest; shot: Shot };

/** A shot id may itself contain "-", so a range is only read as one when no shot has that id. */
function lookupShot(
  id: string,
  manifests: ReadonlyMap<string, Manifest>,
  scope: string,
): ShotHit | undefined {
  if (!TOKEN.test(id)) {
    throw scopeError(
      scope,
      `${JSON.stringify(id)} is not a shot id; expected something like 1A, 1A,1C, 1A-1D or scene1`,
    );
  }
  const hits = [...manifests].flatMap(([sceneId, manifest]) =>
    manifest.shots.filter((shot) => shot.id === id).map((shot) => ({ sceneId, manifest, shot })),
  );
  if (hits.length > 1) {
    throw scopeError(
      scope,
      `shot ${id} exists in several scenes (${hits.map((hit) => hit.sceneId).join(", ")})`,
    );
  }
  return hits[0];
}

function findShot(id: string, manifests: ReadonlyMap<string, Manifest>, scope: string): ShotHit {
  const hit = lookupShot(id, manifests, scope);
  if (!hit) {
    const known = [...manifests.keys()].join(", ") || "none";
    throw new AppError("UNKNOWN_SHOT", `no shot or scene named ${id} in the bible (scenes: ${known})`, {
      scope,
      id,
    });
  }
  return hit;
}

function scopeError(scope: string, message: string): AppError {
  return new AppError("INVALID_SCOPE", `scope ${JSON.stringify(scope)}: ${message}`, { scope });
}
