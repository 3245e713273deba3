import { isAppError, isErrorOfKind } from "../../core/app-error.ts";
import { manifestKey } from "../../core/bible-layout.ts";
import { sha256 } from "../../core/bible-lock.ts";
import { type GateOutcome, orThrow, passed, refused } from "../../core/gate-outcome.ts";
import { type Manifest, parseManifest } from "../../core/manifest.ts";
import type { Storage } from "../../ports/storage.ts";
import type { RunSettings } from "./run-settings.ts";

/**
 * The scene's manifest as locked: a manifest missing, edited after the lock or unreadable refuses
 * the run like a changed reference does.
 */
export async function checkLockedManifest(
  bible: Storage,
  settings: RunSettings,
  sceneId: string,
): Promise<GateOutcome<Manifest>> {
  const key = manifestKey(sceneId);
  let bytes: Buffer;
  try {
    bytes = await bible.read(key);
  } catch (error) {
    if (isAppError(error, "STORAGE_NOT_FOUND"))
      return refused("reference", "REFERENCE_MISSING", error.message, { key });
    throw error;
  }
  if (settings.lockedHashes[key] !== sha256(bytes)) {
    return refused(
      "reference",
      "REFERENCE_CHANGED",
      `${key} changed since the bible was locked; re-lock it on purpose before rendering`,
      { key },
    );
  }
  try {
    return passed(parseManifest(bytes.toString("utf8"), key));
  } catch (error) {
    // The parser is shared with `bible check`, which reports rather than gates: its refusals throw.
    if (isErrorOfKind(error, "reference"))
      return refused("reference", error.code, error.message, error.details);
    throw error;
  }
}

/** The locked manifest for a caller to whom a refusal is unexpected (the scene gate): it throws it. */
export async function loadLockedManifest(
  bible: Storage,
  settings: RunSettings,
  sceneId: string,
): Promise<Manifest> {
  return orThrow(await checkLockedManifest(bible, settings, sceneId));
}
