import { assertSlug } from "./slug.ts";

/**
 * Where canonical references live inside a bible. One place, so no code guesses a path:
 * the lesson of the field report's missing Jenny and substituted Ruben.
 */
export const CHARACTERS_PREFIX = "characters/";
export const LOCATIONS_PREFIX = "locations/";
export const SCENES_PREFIX = "scenes/";

export function turnaroundKey(characterId: string): string {
  assertSlug(characterId, "character id");
  return `${CHARACTERS_PREFIX}${characterId}/${characterId}_turnaround_APPROVED.png`;
}

export function plateKey(locationId: string): string {
  assertSlug(locationId, "location id");
  return `${LOCATIONS_PREFIX}${locationId}/${locationId}_plate_APPROVED.png`;
}

export function manifestKey(sceneId: string): string {
  assertSlug(sceneId, "scene id");
  return `${SCENES_PREFIX}${sceneId}/manifest.json`;
}
