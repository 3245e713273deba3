import sharp from "sharp";
import type { Scores } from "../core/scores.ts";
import type { ImageModel } from "../ports/image-model.ts";
import type { Judge } from "../ports/judge.ts";
import type { LocalChecks } from "../ports/local-checks.ts";
import type { MediaTools } from "../ports/media-tools.ts";
import type { VideoModel } from "../ports/video-model.ts";

/**
 * Providers that answer at once and always well: with them, what a run takes is the engine's
 * own orchestration (database, queue, leases, ledger), which is what the overhead figure measures.
 */
export async function createInstantStudio(width: number, height: number) {
  const frame = await sharp({ create: { width, height, channels: 3, background: "#6b8e7a" } })
    .png()
    .toBuffer();
  const full = { score: 1, reason: "instant" };
  const imageModel: ImageModel = {
    provider: "local",
    modelId: "local-compositor",
    simulated: true,
    generatePanel: async () => ({ bytes: frame, mime: "image/png", usage: { images: 1 } }),
  };
  let operations = 0;
  const videoModel: VideoModel = {
    provider: "local",
    modelId: "local-ffmpeg",
    simulated: true,
    start: async () => ({ operationId: `instant-${++operations}` }),
    status: async () => ({ state: "succeeded", video: frame, durationSeconds: 4, usage: { seconds: 4 } }),
  };
  const judge: Judge = {
    provider: "local",
    modelId: "pixel-judge",
    simulated: true,
    score: async (request) => {
      const raw: Scores = {
        characters: request.cast.map((member) => ({ id: member.id, identity: full, wardrobe: full })),
        charactersPresent: { ...full, missing: [], extra: [] },
        location: full,
        props: full,
        continuity: request.continuity ? full : null,
        artifacts: full,
      };
      return { raw, usage: {} };
    },
  };
  const media: MediaTools = {
    probeVideo: async () => ({ durationSeconds: 4, width, height }),
    extractFrames: async (_video, times) => times.map(() => frame),
    stitch: async () => frame,
    thumbnail: async () => frame,
    fitFrame: async (image) => image,
  };
  const localChecks: LocalChecks = { checkImage: async () => [], checkClip: async () => [] };
  return { imageModel, videoModel, judge, media, localChecks };
}
