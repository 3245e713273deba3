import { isAppError } from "../../core/app-error.ts";
import {
  CHARACTERS_PREFIX,
  LOCATIONS_PREFIX,
  manifestKey,
  plateKey,
  SCENES_PREFIX,
  turnaroundKey,
} from "../../core/bible-layout.ts";
import { type BibleHashes, sha256 } from "../../core/bible-lock.ts";
import { checkBibleListing, locationsOf, rosterOf } from "../../core/bible-rules.ts";
import { type Manifest, parseManifest } from "../../core/manifest.ts";
import type { Problem } from "../../core/problem.ts";
import { isSlug } from "../../core/slug.ts";
import type { ImageProbe } from "../../ports/image-probe.ts";
import type { Storage } from "../../ports/storage.ts";

export interface SceneSummary {
  id: string;
  key: string;
  /** null when the manifest is missing or does not parse. */
  shots: number | null;
}

/** The bible as it is in storage right now, with every problem found reading it. */
export interface BibleSnapshot {
  uri: string;
  roster: string[];
  locations: string[];
  scenes: SceneSummary[];
  manifests: Map<string, Manifest>;
  /** Content hashes of every approved reference and manifest present: what a lock records. */
  hashes: BibleHashes;
  problems: Problem[];
}

/** Reads the bible; never writes to it. */
export async function readBible(storage: Storage, probe: ImageProbe): Promise<BibleSnapshot> {
  const [characterFolders, locationFolders, sceneFolders, allKeyList] = await Promise.all([
    storage.listFolders(CHARACTERS_PREFIX),
    storage.listFolders(LOCATIONS_PREFIX),
    storage.listFolders(SCENES_PREFIX),
    storage.listKeys(""),
  ]);
  const allKeys = new Set(allKeyList);
  const referenceKeys = new Set(
    allKeyList.filter((key) => key.startsWith(CHARACTERS_PREFIX) || key.startsWith(LOCATIONS_PREFIX)),
  );
  const problems: Problem[] = [];
  const hashes: BibleHashes = {};
  const manifests = new Map<string, Manifest>();
  const scenes: SceneSummary[] = [];

  for (const sceneId of sceneFolders.filter(isSlug).sort()) {
    const key = manifestKey(sceneId);
    const summary: SceneSummary = { id: sceneId, key, shots: null };
    scenes.push(summary);
    if (!allKeys.has(key)) {
      problems.push({
        code: "MANIFEST_MISSING",
        severity: "error",
        message: `scene ${sceneId} has no manifest; expected ${key}`,
        key,
      });
      continue;
    }
    const bytes = await storage.read(key);
    hashes[key] = sha256(bytes);
    try {
      const manifest = parseManifest(bytes.toString("utf8"), key);
      manifests.set(sceneId, manifest);
      summary.shots = manifest.shots.length;
    } catch (error) {
      if (!isAppError(error)) throw error;
      problems.push({ code: error.code, severity: "error", message: error.message, key });
    }
  }

  const listing = {
    location: storage.uri,
    characterFolders,
    locationFolders,
    referenceKeys,
    sceneFolders,
    manifests,
    allKeys,
  };
  problems.push(...checkBibleListing(listing));
  const roster = rosterOf(listing);
  const locations = locationsOf(listing);

  const references = [...roster.map(turnaroundKey), ...locations.map(plateKey)].filter((key) =>
    referenceKeys.has(key),
  );
  await Promise.all(
    references.map(async (key) => {
      const bytes = await storage.read(key);
      hashes[key] = sha256(bytes);
      try {
        await probe.dimensions(bytes);
      } catch (error) {
        problems.push({
          code: "IMAGE_UNREADABLE",
          severity: "error",
          message: `${key} is not a readable image (${(error as Error).message})`,
          key,
        });
      }
    }),
  );
  problems.sort((a, b) => (a.key ?? "").localeCompare(b.key ?? "") || a.code.localeCompare(b.code));
  return { uri: storage.uri, roster, locations, scenes, manifests, hashes, problems };
}
