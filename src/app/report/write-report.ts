import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../../../db/create-db.ts";
import type { Storage } from "../../ports/storage.ts";
import { embedImages } from "./embed-images.ts";
import { gatherReport } from "./gather-report.ts";
import { renderReport } from "./render-report.ts";

/** The report's file name; a run id is generated, but nothing odd in it may reach the file system. */
export function reportFileName(runId: string): string {
  return `report-${runId.replace(/[^A-Za-z0-9._-]/g, "_")}.html`;
}

/**
 * Writes one self-contained HTML page for a run into outDir: images inlined and shrunk, no
 * scripts, nothing fetched from elsewhere, so it can be mailed or attached to a ticket as is.
 */
export async function writeReport(
  deps: { db: Db; artifacts: Storage },
  runId: string,
  outDir: string,
): Promise<{ path: string }> {
  const data = await gatherReport(deps.db, runId);
  const images = await embedImages(deps.artifacts, [
    ...data.shots.flatMap((shot) => shot.attempts.flatMap((attempt) => attempt.images)),
    ...(data.scene?.images ?? []),
  ]);
  const dir = path.resolve(outDir);
  const sceneKey = data.scene?.artifactKey ?? null;
  const page = renderReport(data, {
    images,
    sceneHref: sceneKey ? sceneHref(deps.artifacts, sceneKey, dir) : null,
  });
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, reportFileName(data.run.id));
  // Written beside and renamed, so a reader with the old report open never sees half a page.
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, page, "utf8");
  await rename(partial, file);
  return { path: file };
}

/**
 * The stitched scene is too large to inline, so it is linked: relative to the report when the
 * artifact store is a local folder, otherwise not at all (the page shows its key instead).
 */
function sceneHref(artifacts: Storage, key: string, reportDir: string): string | null {
  if (!path.isAbsolute(artifacts.uri)) return null;
  const target = path.join(artifacts.uri, ...key.split("/"));
  const relative = path.relative(reportDir, target).split(path.sep);
  return relative.map(encodeURIComponent).join("/");
}
