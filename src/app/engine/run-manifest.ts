import { AppError, isAppError } from "../../core/app-error.ts";
import { manifestKey } from "../../core/bible-layout.ts";
import { sha256 } from "../../core/bible-lock.ts";
import { type Manifest, parseManifest } from "../../core/manifest.ts";
import type { Storage } from "../../ports/storage.ts";
import type { RunSettings } from "./run-settings.ts";

/** The scene's manifest as locked: a manifest edited after the lock blocks the run like a changed reference. */
export async function loadLockedManifest(
  bible: Storage,
  settings: RunSettings,
  sceneId: string,
): Promise<Manifest> {
  const key = manifestKey(sceneId);
  const bytes = await bible.read(key).catch((error: unknown) => {
    // A manifest that is not there is a missing reference (the references gate refuses the work).
    if (isAppError(error, "STORAGE_NOT_FOUND"))
      throw new AppError("REFERENCE_MISSING", error.message, { key });
    throw error;
  });
  if (settings.lockedHashes[key] !== sha256(bytes)) {
    throw new AppError(
      "REFERENCE_CHANGED",
      `${key} changed since the bible was locked; re-lock it on purpose before rendering`,
      { key },
    );
  }
  return parseManifest(bytes.toString("utf8"), key);
}
