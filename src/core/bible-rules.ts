import { manifestKey, plateKey, turnaroundKey } from "./bible-layout.ts";
import type { Manifest } from "./manifest.ts";
import type { Problem } from "./problem.ts";
import { isSlug } from "./slug.ts";

/** What a bible holds, as read from storage; the rules below judge it without touching storage. */
export interface BibleListing {
  /** Where the bible is (a folder or s3://bucket/prefix), for messages. */
  location: string;
  characterFolders: string[];
  locationFolders: string[];
  /** Keys present under characters/ and locations/ (drafts included; only APPROVED ones count). */
  referenceKeys: ReadonlySet<string>;
  sceneFolders: string[];
  /** Manifests that parsed, by scene folder. */
  manifests: ReadonlyMap<string, Manifest>;
  /** Keys that exist anywhere in the bible, for manifest panel references. */
  allKeys: ReadonlySet<string>;
}

/** The roster: character folders with plain ids. Enumerated from storage, never from a document. */
export function rosterOf(listing: BibleListing): string[] {
  return listing.characterFolders.filter(isSlug).sort();
}

export function locationsOf(listing: BibleListing): string[] {
  return listing.locationFolders.filter(isSlug).sort();
}

export function checkBibleListing(listing: BibleListing): Problem[] {
  return [
    ...checkLayout(listing),
    ...checkFolders(listing.characterFolders, "character", "characters/"),
    ...checkFolders(listing.locationFolders, "location", "locations/"),
    ...checkFolders(listing.sceneFolders, "scene", "scenes/"),
    ...checkReferences(listing),
    ...checkManifests(listing),
  ];
}

/**
 * A bible with no characters/ or no scenes/ is not a bible: most often a misspelt location, which
 * must not pass as an empty but healthy one (and must never be locked).
 */
function checkLayout(listing: BibleListing): Problem[] {
  const problems: Problem[] = [];
  if (listing.characterFolders.length === 0) {
    problems.push({
      code: "BIBLE_NO_CHARACTERS",
      severity: "error",
      message: `the bible at ${listing.location} has no characters/ folder with a character in it; expected characters/<id>/<id>_turnaround_APPROVED.png (is the location spelt right?)`,
      key: "characters/",
    });
  }
  if (listing.sceneFolders.length === 0) {
    problems.push({
      code: "BIBLE_NO_SCENES",
      severity: "error",
      message: `the bible at ${listing.location} has no scenes/ folder with a scene in it; expected scenes/<scene>/manifest.json (is the location spelt right?)`,
      key: "scenes/",
    });
  }
  return problems;
}

function checkFolders(folders: string[], what: string, prefix: string): Problem[] {
  return folders
    .filter((folder) => !isSlug(folder))
    .map((folder) => ({
      code: "INVALID_ID",
      severity: "error" as const,
      message: `${what} folder ${JSON.stringify(folder)} is not a plain id (letters, digits, '_' or '-'); it is ignored`,
      key: `${prefix}${folder}/`,
    }));
}

function checkReferences(listing: BibleListing): Problem[] {
  const problems: Problem[] = [];
  for (const id of rosterOf(listing)) {
    const key = turnaroundKey(id);
    if (!listing.referenceKeys.has(key)) {
      problems.push({
        code: "TURNAROUND_MISSING",
        severity: "error",
        message: `character ${id} has no approved turnaround; expected ${key} (drafts do not count, and nothing will be generated in its place)`,
        key,
      });
    }
  }
  for (const id of locationsOf(listing)) {
    const key = plateKey(id);
    if (!listing.referenceKeys.has(key)) {
      problems.push({
        code: "PLATE_MISSING",
        severity: "error",
        message: `location ${id} has no approved plate; expected ${key}`,
        key,
      });
    }
  }
  return problems;
}

function checkManifests(listing: BibleListing): Problem[] {
  const problems: Problem[] = [];
  const roster = new Set(rosterOf(listing));
  const locations = new Set(locationsOf(listing));
  const used = new Set<string>();
  for (const [sceneId, manifest] of listing.manifests) {
    const key = manifestKey(sceneId);
    if (manifest.scene !== sceneId) {
      problems.push({
        code: "MANIFEST_SCENE_MISMATCH",
        severity: "error",
        message: `${key}: "scene" is ${JSON.stringify(manifest.scene)} but the manifest lives in scenes/${sceneId}/`,
        key,
      });
    }
    const seen = new Set<string>();
    manifest.shots.forEach((shot, index) => {
      const where = `${key}: shots[${index}] (${shot.id})`;
      if (seen.has(shot.id)) {
        problems.push({
          code: "DUPLICATE_SHOT_ID",
          severity: "error",
          message: `${where}: shot id ${shot.id} appears more than once`,
          key,
        });
      }
      seen.add(shot.id);
      const cast = new Set<string>();
      shot.characters.forEach((member, position) => {
        used.add(member.id);
        if (cast.has(member.id)) {
          problems.push({
            code: "DUPLICATE_CAST",
            severity: "error",
            message: `${where}.characters[${position}]: ${member.id} is listed twice`,
            key,
          });
        }
        cast.add(member.id);
        if (!roster.has(member.id)) {
          problems.push({
            code: "UNKNOWN_CHARACTER",
            severity: "error",
            message: `${where}.characters[${position}]: character ${member.id} is not in the bible; expected ${turnaroundKey(member.id)}`,
            key: turnaroundKey(member.id),
          });
        }
      });
      if (!locations.has(shot.location)) {
        problems.push({
          code: "UNKNOWN_LOCATION",
          severity: "error",
          message: `${where}.location: location ${shot.location} is not in the bible; expected ${plateKey(shot.location)}`,
          key: plateKey(shot.location),
        });
      }
      for (const [field, panel] of [
        ["panel", shot.panel],
        ["end.panel", shot.end?.panel],
      ] as const) {
        if (panel !== undefined && !listing.allKeys.has(panel)) {
          problems.push({
            code: "PANEL_MISSING",
            severity: "error",
            message: `${where}.${field}: no such object ${panel} in the bible`,
            key: panel,
          });
        }
      }
    });
  }
  for (const id of rosterOf(listing)) {
    if (!used.has(id)) {
      problems.push({
        code: "CHARACTER_UNUSED",
        severity: "warning",
        message: `character ${id} is in the bible but no shot uses it`,
        key: `characters/${id}/`,
      });
    }
  }
  return problems;
}
