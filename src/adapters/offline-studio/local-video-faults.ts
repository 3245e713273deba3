import { createHash } from "node:crypto";

/**
 * The known failures of image-to-video models that the offline model reproduces so the video
 * gate has something real to catch: a clip with no motion at all, a tail that snaps to the end
 * panel (or, without one, to a different image) in the last few frames, a run of black frames,
 * and in start+end mode a clip that never arrives at its end panel.
 */
export const LOCAL_VIDEO_FAULTS = ["frozen", "tail-snap", "black-frames", "end-ignored"] as const;
export type LocalVideoFault = (typeof LOCAL_VIDEO_FAULTS)[number];

export interface FaultDraw {
  seed: number;
  faultRate: number;
  sceneId: string;
  shotId: string;
  attempt: number;
  framesMode: boolean;
}

/** Deterministic per (seed, scene, shot, attempt): a rerun of the same demo fails the same attempts. */
export function pickFault(draw: FaultDraw): LocalVideoFault | null {
  const digest = createHash("sha256")
    .update(`local-video|${draw.seed}|${draw.sceneId}|${draw.shotId}|${draw.attempt}`)
    .digest();
  const roll = digest.readUInt32BE(0) / 2 ** 32;
  if (roll >= draw.faultRate) return null;
  // Ignoring the end panel only exists when there is one.
  const kinds = LOCAL_VIDEO_FAULTS.filter((kind) => draw.framesMode || kind !== "end-ignored");
  return kinds[digest.readUInt32BE(4) % kinds.length] ?? null;
}
