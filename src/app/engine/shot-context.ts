import type { ShotLease } from "../../../db/queries/lease-fence.ts";
import { AppError, isAppError } from "../../core/app-error.ts";
import { plateKey, turnaroundKey } from "../../core/bible-layout.ts";
import { sha256 } from "../../core/bible-lock.ts";
import type { Shot } from "../../core/manifest.ts";
import type { ReferenceImage } from "../../ports/image-model.ts";
import type { EngineDeps } from "./engine-deps.ts";
import type { RunSettings } from "./run-settings.ts";

export interface ShotReferences {
  cast: { id: string; wardrobe: string; image: ReferenceImage }[];
  location: ReferenceImage;
}

/** What every stage of one shot needs to know. */
export interface ShotContext {
  runId: string;
  sceneId: string;
  shot: Shot;
  settings: RunSettings;
  refs: ShotReferences;
  /** The lease the shot is worked under; every write of its work is fenced by it (absent for the scene gate). */
  lease?: ShotLease;
}

async function lockedReference(
  deps: EngineDeps,
  settings: RunSettings,
  key: string,
  role: ReferenceImage["role"],
  id: string,
): Promise<ReferenceImage> {
  const locked = settings.lockedHashes[key];
  if (!locked) {
    throw new AppError(
      "REFERENCE_NOT_LOCKED",
      `${key} is not in the bible lock this run validates against; lock the bible with it first`,
      { key },
    );
  }
  let bytes: Buffer;
  try {
    bytes = await deps.bible.read(key);
  } catch (error) {
    if (isAppError(error, "STORAGE_NOT_FOUND")) {
      throw new AppError(
        "REFERENCE_MISSING",
        `${key} is missing from the bible; nothing will be generated in its place`,
        { key },
      );
    }
    throw error;
  }
  if (sha256(bytes) !== locked) {
    throw new AppError(
      "REFERENCE_CHANGED",
      `${key} changed since the bible was locked; re-lock it on purpose before rendering`,
      { key },
    );
  }
  return { role, id, key, bytes, mime: "image/png" };
}

/**
 * The references gate: every character of the shot and its location must have a canonical
 * reference whose content still matches the lock. Nothing paid starts before this passes.
 */
export async function loadShotReferences(
  deps: EngineDeps,
  settings: RunSettings,
  shot: Shot,
): Promise<ShotReferences> {
  const cast = await Promise.all(
    shot.characters.map(async (member) => ({
      id: member.id,
      wardrobe: member.wardrobe,
      image: await lockedReference(deps, settings, turnaroundKey(member.id), "character", member.id),
    })),
  );
  const location = await lockedReference(deps, settings, plateKey(shot.location), "location", shot.location);
  return { cast, location };
}
