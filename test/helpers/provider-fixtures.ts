import { createFolderStorage } from "../../src/adapters/folder-storage.ts";
import { createLocalImageModel } from "../../src/adapters/offline-studio/local-image-model.ts";
import { createLocalVideoModel } from "../../src/adapters/offline-studio/local-video-model.ts";
import { plateKey, turnaroundKey } from "../../src/core/bible-layout.ts";
import { parseManifest, type Shot } from "../../src/core/manifest.ts";
import type { Scores } from "../../src/core/scores.ts";
import type { ReferenceImage } from "../../src/ports/image-model.ts";

/** A demo shot's locked references, as the engine sends them: every turnaround of the cast, then the plate. */
export async function shotReferences(
  bibleDir: string,
  shotId: string,
): Promise<{ shot: Shot; references: ReferenceImage[] }> {
  const bible = createFolderStorage(bibleDir);
  const manifest = parseManifest((await bible.read("scenes/scene1/manifest.json")).toString(), "manifest");
  const shot = manifest.shots.find((candidate) => candidate.id === shotId);
  if (!shot) throw new Error(`no shot ${shotId}`);
  const references: ReferenceImage[] = [
    ...(await Promise.all(
      shot.characters.map(async (member) => ({
        role: "character" as const,
        id: member.id,
        key: turnaroundKey(member.id),
        bytes: await bible.read(turnaroundKey(member.id)),
        mime: "image/png",
      })),
    )),
    {
      role: "location" as const,
      id: shot.location,
      key: plateKey(shot.location),
      bytes: await bible.read(plateKey(shot.location)),
      mime: "image/png",
    },
  ];
  return { shot, references };
}

/**
 * What real models would answer for a demo shot: the offline compositor's clean panel (at
 * Gemini's 16:9 size, and small for the clip), a clip of it lasting `clipSeconds`, and a judge
 * answer that passes every criterion.
 */
export async function modelOutputs(bibleDir: string, shotId: string, clipSeconds?: number) {
  const { shot, references } = await shotReferences(bibleDir, shotId);
  const draw = (width: number, height: number) =>
    createLocalImageModel({ seed: 1, faultRate: 0 }).generatePanel({
      sceneId: "scene1",
      shot,
      frame: "start",
      references,
      width,
      height,
      attempt: 1,
      signal: new AbortController().signal,
    });
  // Gemini answers 16:9 at its own size; the engine fits it to the frame.
  const panel = await draw(1344, 768);
  const small = await draw(640, 360);
  const ffmpegPath = (await import("@ffmpeg-installer/ffmpeg")).default.path;
  const videoModel = createLocalVideoModel({ ffmpegPath, seed: 1, faultRate: 0 });
  const { operationId } = await videoModel.start({
    sceneId: "scene1",
    shot,
    startPanel: { bytes: small.bytes, mime: "image/png" },
    prompt: shot.motion,
    durationSeconds: clipSeconds ?? shot.duration,
    width: 640,
    height: 360,
    clientRequestId: "fixture",
    attempt: 1,
    signal: new AbortController().signal,
  });
  let status = await videoModel.status(operationId, new AbortController().signal);
  while (status.state === "running") {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await videoModel.status(operationId, new AbortController().signal);
  }
  if (status.state !== "succeeded") throw new Error("fixture clip failed");
  const judgeAnswer = (): string => {
    const good = { score: 0.93, reason: "matches the reference" };
    const scores: Scores = {
      characters: shot.characters.map((member) => ({ id: member.id, identity: good, wardrobe: good })),
      charactersPresent: { score: 1, reason: "everyone expected is in frame", missing: [], extra: [] },
      location: good,
      props: good,
      continuity: null,
      artifacts: good,
    };
    return JSON.stringify(scores);
  };
  return { shot, panel: panel.bytes, clip: status.video, judgeAnswer, castSize: shot.characters.length };
}
