import { setTimeout as delay } from "node:timers/promises";
import type { createInstantStudio } from "./instant-studio.ts";

type Studio = Awaited<ReturnType<typeof createInstantStudio>>;

/**
 * The instant studio with every model call taking `ms` (a clip: its start, then one status poll
 * later the answer), waiting rather than computing: a real provider's time is spent on its side,
 * so more workers overlap it, which is what the scaling figure measures.
 */
export function withLatency(studio: Studio, ms: number): Studio {
  const { imageModel, videoModel, judge } = studio;
  const late =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await delay(ms);
      return call(...args);
    };
  return {
    ...studio,
    imageModel: { ...imageModel, generatePanel: late(imageModel.generatePanel) },
    videoModel: { ...videoModel, start: late(videoModel.start), status: late(videoModel.status) },
    judge: { ...judge, score: late(judge.score) },
  };
}
