import type { ShotLease } from "../../../db/queries/lease-fence.ts";
import { isAppError } from "../../core/app-error.ts";
import { plateKey, turnaroundKey } from "../../core/bible-layout.ts";
import { sha256 } from "../../core/bible-lock.ts";
import { type GateOutcome, orThrow, passed, refused } from "../../core/gate-outcome.ts";
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
  deps: Pick<EngineDeps, "bible">,
  settings: RunSettings,
  key: string,
  role: ReferenceImage["role"],
  id: string,
): Promise<GateOutcome<ReferenceImage>> {
  const locked = settings.lockedHashes[key];
  if (!locked) {
    return refused(
      "reference",
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
      return refused(
        "reference",
        "REFERENCE_MISSING",
        `${key} is missing from the bible; nothing will be generated in its place`,
        { key },
      );
    }
    throw error;
  }
  if (sha256(bytes) !== locked) {
    return refused(
      "reference",
      "REFERENCE_CHANGED",
      `${key} changed since the bible was locked; re-lock it on purpose before rendering`,
      { key },
    );
  }
  return passed({ role, id, key, bytes, mime: "image/png" });
}

/**
 * The references gate: every character of the shot and its location must have a canonical
 * reference whose content still matches the lock. Nothing paid starts before this passes. A
 * missing, changed or unlocked reference is a refusal (the first one, in the shot's order).
 */
export async function checkShotReferences(
  deps: Pick<EngineDeps, "bible">,
  settings: RunSettings,
  shot: Shot,
): Promise<GateOutcome<ShotReferences>> {
  const castOutcomes = await Promise.all(
    shot.characters.map((member) =>
      lockedReference(deps, settings, turnaroundKey(member.id), "character", member.id),
    ),
  );
  const cast: ShotReferences["cast"] = [];
  for (const [index, outcome] of castOutcomes.entries()) {
    if (!outcome.ok) return outcome;
    const member = shot.characters[index] as Shot["characters"][number];
    cast.push({ id: member.id, wardrobe: member.wardrobe, image: outcome.value });
  }
  const location = await lockedReference(deps, settings, plateKey(shot.location), "location", shot.location);
  if (!location.ok) return location;
  return passed({ cast, location: location.value });
}

/** The references gate for a caller to whom a refusal is unexpected: it throws the refusal's AppError. */
export async function loadShotReferences(
  deps: Pick<EngineDeps, "bible">,
  settings: RunSettings,
  shot: Shot,
): Promise<ShotReferences> {
  return orThrow(await checkShotReferences(deps, settings, shot));
}
