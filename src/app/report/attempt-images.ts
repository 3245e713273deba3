import type { AttemptRow } from "../../../db/queries/attempts.ts";
import type { ReportImage } from "./report-data.ts";

const KEYFRAME = "kf-";

/**
 * Where a keyframe label sits in its clip, from 0 (first) to 1 (last). Labels are read rather
 * than listed so the report keeps up when the keyframe plan samples different points.
 */
function position(label: string): number {
  if (label === "first") return 0;
  if (label === "last") return 1;
  if (label === "middle") return 0.5;
  const percent = /-(\d+)$/.exec(label);
  return percent ? Number(percent[1]) / 100 : 0.5;
}

/** A clip's keyframes in time order. */
export function keyframesOf(attempt: Pick<AttemptRow, "extras">): ReportImage[] {
  return Object.entries(attempt.extras)
    .filter(([name]) => name.startsWith(KEYFRAME))
    .map(([name, key]) => ({ label: name.slice(KEYFRAME.length), key, size: "frame" as const }))
    .sort((a, b) => position(a.label) - position(b.label));
}

/** What an attempt is shown by: a panel's thumbnail, or a clip's keyframes. */
export function imagesOf(attempt: Pick<AttemptRow, "stage" | "extras" | "artifactKey">): ReportImage[] {
  const thumb = attempt.extras.thumb;
  if (attempt.stage === "video") {
    const keyframes = keyframesOf(attempt);
    if (keyframes.length > 0) return keyframes;
    return thumb ? [{ label: "middle", key: thumb, size: "panel" }] : [];
  }
  if (attempt.stage === "panel" || attempt.stage === "end-panel") {
    const key = thumb ?? attempt.artifactKey;
    return key ? [{ label: attempt.stage, key, size: "panel" }] : [];
  }
  return [];
}

/**
 * The frames either side of each cut of the stitched scene: the scene gate judged the first frame
 * after a cut against the last frame before it, so those are the pictures its scores are about.
 */
export function cutFrames(
  acceptedClips: readonly { shotId: string; extras: Record<string, string> }[],
): ReportImage[] {
  const images: ReportImage[] = [];
  for (let index = 1; index < acceptedClips.length; index++) {
    const before = acceptedClips[index - 1];
    const after = acceptedClips[index];
    const last = before?.extras["kf-last"];
    const first = after?.extras["kf-first"];
    if (!before || !after || !last || !first) continue;
    images.push({ label: `${before.shotId} last`, key: last, size: "frame" });
    images.push({ label: `${after.shotId} first`, key: first, size: "frame" });
  }
  return images;
}

/**
 * A shot's contact-sheet row: its panel, then the first, middle and last keyframe of its clip,
 * so a reader sees the whole scene at a glance before any detail.
 */
export function sheetRow(
  panel: Pick<AttemptRow, "stage" | "extras" | "artifactKey"> | undefined,
  clip: Pick<AttemptRow, "extras"> | undefined,
): ReportImage[] {
  const row: ReportImage[] = panel
    ? imagesOf(panel).map((image) => ({ ...image, label: "panel", size: "frame" }))
    : [];
  const frames = clip ? keyframesOf(clip) : [];
  const nearest = (at: number) =>
    [...frames].sort((a, b) => Math.abs(position(a.label) - at) - Math.abs(position(b.label) - at))[0];
  const picked = new Set<string>();
  for (const at of [0, 0.5, 1]) {
    const frame = nearest(at);
    if (frame && !picked.has(frame.key)) {
      picked.add(frame.key);
      row.push(frame);
    }
  }
  return row;
}
