import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../../../db/create-db.ts";
import type { ImageShrinker } from "../../ports/image-shrinker.ts";
import type { Storage } from "../../ports/storage.ts";
import { embedImages } from "./embed-images.ts";
import { gatherReport } from "./gather-report.ts";
import { renderReport } from "./render-report.ts";
import type { ReportData } from "./report-data.ts";

export interface ReportDeps {
  db: Db;
  artifacts: Storage;
  shrinker: ImageShrinker;
}

/** The report's file name; a run id is generated, but nothing odd in it may reach the file system. */
export function reportFileName(runId: string): string {
  return `report-${runId.replace(/[^A-Za-z0-9._-]/g, "_")}.html`;
}

/**
 * Writes one self-contained HTML page for a run into outDir: images inlined and shrunk, no
 * scripts, nothing fetched from elsewhere, so it can be mailed or attached to a ticket as is.
 */
export async function writeReport(
  deps: ReportDeps,
  runId: string,
  outDir: string,
): Promise<{ path: string }> {
  const data = await gatherReport(deps.db, runId);
  const images = await embedImages(deps.artifacts, deps.shrinker, [
    ...data.shots.flatMap((shot) => [...shot.sheet, ...shot.attempts.flatMap((attempt) => attempt.images)]),
    ...(data.scene?.images ?? []),
  ]);
  const dir = path.resolve(outDir);
  await mkdir(dir, { recursive: true });
  const videos = await copyClips(deps.artifacts, dir, data);
  const page = renderReport(data, { images, videos });
  const file = path.join(dir, reportFileName(data.run.id));
  // Written beside and renamed, so a reader with the old report open never sees half a page.
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, page, "utf8");
  await rename(partial, file);
  return { path: file };
}

/**
 * Clips are too large to inline, so the stitched scene and each accepted clip are copied into a
 * folder beside the page (from any artifact store, S3 included) and played from there: the page
 * and its folder travel together. A clip that cannot be read is left out and the page says so by
 * showing its key without a player.
 */
async function copyClips(artifacts: Storage, dir: string, data: ReportData): Promise<Map<string, string>> {
  const folder = reportFileName(data.run.id).replace(/\.html$/, "-media");
  const wanted: [string, string][] = [
    ...(data.scene?.artifactKey ? [[data.scene.artifactKey, "scene.mp4"] as [string, string]] : []),
    ...data.shots.flatMap((shot): [string, string][] =>
      shot.clipKey ? [[shot.clipKey, `clip-${shot.id.replace(/[^A-Za-z0-9._-]/g, "_")}.mp4`]] : [],
    ),
  ];
  const videos = new Map<string, string>();
  if (wanted.length === 0) return videos;
  await mkdir(path.join(dir, folder), { recursive: true });
  for (const [key, name] of wanted) {
    try {
      await writeFile(path.join(dir, folder, name), await artifacts.read(key));
      videos.set(key, `${encodeURIComponent(folder)}/${encodeURIComponent(name)}`);
    } catch {
      // Not copied: the page names the key instead of offering a player that cannot play.
    }
  }
  return videos;
}
