import { createHash } from "node:crypto";
import sharp from "sharp";
import { ProviderError } from "../../src/core/provider-error.ts";
import type { Scores } from "../../src/core/scores.ts";
import type { ImageModel, PanelRequest } from "../../src/ports/image-model.ts";
import type { Judge, JudgeRequest } from "../../src/ports/judge.ts";
import type { LocalChecks } from "../../src/ports/local-checks.ts";
import type { MediaTools } from "../../src/ports/media-tools.ts";
import type { VideoModel, VideoRequest } from "../../src/ports/video-model.ts";

/**
 * Providers whose behaviour a test scripts. The models themselves cannot run here, so these
 * stand in for them: every image they make is a real PNG whose quality the scripted judge looks
 * up by content hash, so the engine cannot tell it apart from a real provider's output.
 */
export type Quality = "good" | "off-model" | "wrong-location" | "blank";

export interface StudioScript {
  panel?: (shotId: string, frame: "start" | "end", attempt: number) => Quality | ProviderError;
  video?: (shotId: string, attempt: number) => Quality | { fail: string; filtered: boolean };
  /** A video submission that fails (or whose answer is lost) instead of starting. */
  videoStart?: (shotId: string, attempt: number) => ProviderError | undefined;
  /** The judge answers garbage to its first N calls. */
  garbageJudgeCalls?: number;
  /** Polls before a video operation finishes. */
  videoPolls?: number;
  /** The seconds the provider bills for a clip of the requested duration (a provider rounds; default: as requested). */
  videoBilledSeconds?: (requestedSeconds: number) => number;
  /** The scene gate's judge sees every cut break continuity (a cut's label holds "cut"). */
  breakCuts?: boolean;
  /** Called inside generatePanel, so a test can block or kill a call mid-flight. */
  onPanelCall?: (request: PanelRequest) => Promise<void>;
}

const hash = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

export function createScriptedStudio(script: StudioScript = {}) {
  const qualities = new Map<string, Quality>();
  let counter = 0;
  const log = {
    panelCalls: [] as { shotId: string; frame: string; attempt: number; quality: Quality | "error" }[],
    videoStarts: [] as {
      shotId: string;
      clientRequestId: string;
      startPanel: Quality | undefined;
      endPanel?: Quality | undefined;
    }[],
    judgeCalls: [] as { shotId: string; kind: string; quality: Quality | undefined }[],
  };

  async function image(quality: Quality): Promise<Buffer> {
    counter += 1;
    const colour =
      quality === "blank"
        ? { r: 0, g: 0, b: 0 }
        : { r: counter % 256, g: Math.floor(counter / 256) % 256, b: 120 };
    const bytes = await sharp({ create: { width: 64, height: 36, channels: 3, background: colour } })
      .png()
      .toBuffer();
    qualities.set(hash(bytes), quality);
    return bytes;
  }

  const imageModel: ImageModel = {
    provider: "test",
    modelId: "scripted-image",
    simulated: true,
    async generatePanel(request) {
      await script.onPanelCall?.(request);
      const outcome = script.panel?.(request.shot.id, request.frame, request.attempt) ?? "good";
      if (outcome instanceof ProviderError) {
        log.panelCalls.push({
          shotId: request.shot.id,
          frame: request.frame,
          attempt: request.attempt,
          quality: "error",
        });
        throw outcome;
      }
      log.panelCalls.push({
        shotId: request.shot.id,
        frame: request.frame,
        attempt: request.attempt,
        quality: outcome,
      });
      return { bytes: await image(outcome), mime: "image/png", usage: { inputTokens: 1000, images: 1 } };
    },
  };

  const operations = new Map<
    string,
    { polls: number; result: Quality | { fail: string; filtered: boolean }; duration: number }
  >();
  const byClientId = new Map<string, string>();
  const videoModel: VideoModel = {
    provider: "test",
    modelId: "scripted-video",
    simulated: true,
    async start(request: VideoRequest) {
      const refusal = script.videoStart?.(request.shot.id, request.attempt);
      if (refusal) throw refusal;
      const id = `op-${operations.size + 1}`;
      log.videoStarts.push({
        shotId: request.shot.id,
        clientRequestId: request.clientRequestId,
        startPanel: qualities.get(hash(request.startPanel.bytes)),
        ...(request.endPanel ? { endPanel: qualities.get(hash(request.endPanel.bytes)) } : {}),
      });
      operations.set(id, {
        polls: 0,
        result: script.video?.(request.shot.id, request.attempt) ?? "good",
        duration: request.durationSeconds,
      });
      byClientId.set(request.clientRequestId, id);
      return { operationId: id };
    },
    async status(operationId) {
      const operation = operations.get(operationId);
      if (!operation) return { state: "failed", reason: `no operation ${operationId}`, filtered: false };
      operation.polls += 1;
      if (operation.polls < (script.videoPolls ?? 2)) return { state: "running" };
      if (typeof operation.result === "object")
        return { state: "failed", reason: operation.result.fail, filtered: operation.result.filtered };
      const frame = await image(operation.result);
      const video = Buffer.from(
        JSON.stringify({ fakeVideo: true, duration: operation.duration, frame: frame.toString("base64") }),
      );
      return {
        state: "succeeded",
        video,
        durationSeconds: operation.duration,
        usage: { seconds: script.videoBilledSeconds?.(operation.duration) ?? operation.duration },
      };
    },
    async findByClientRequestId(clientRequestId) {
      return byClientId.get(clientRequestId);
    },
  };

  const media: MediaTools = {
    async probeVideo(video) {
      const parsed = JSON.parse(video.toString());
      return { durationSeconds: parsed.duration, width: 64, height: 36 };
    },
    async extractFrames(video, atSeconds) {
      const frame = Buffer.from(JSON.parse(video.toString()).frame, "base64");
      return atSeconds.map(() => frame);
    },
    async stitch(videos) {
      const clips: unknown[] = [];
      for await (const video of videos) clips.push(JSON.parse(video.toString()));
      return Buffer.from(JSON.stringify(clips));
    },
    async thumbnail(image) {
      return image;
    },
    async fitFrame(image) {
      return image;
    },
  };

  const localChecks: LocalChecks = {
    async checkImage(input) {
      const blank = qualities.get(hash(input.bytes)) === "blank";
      return [
        {
          criterion: "artifacts",
          score: blank ? 0 : 1,
          reason: blank ? "the image is blank" : "not blank",
          decisive: true,
        },
      ];
    },
    async checkClip() {
      return [{ criterion: "artifacts", score: 1, reason: "clip moves", decisive: true }];
    },
  };

  let judgeCalls = 0;
  const judge: Judge = {
    provider: "test",
    modelId: "scripted-judge",
    simulated: true,
    async score(request: JudgeRequest) {
      judgeCalls += 1;
      const quality = qualities.get(hash(request.artifact.bytes));
      log.judgeCalls.push({ shotId: request.shot.id, kind: request.artifact.kind, quality });
      if (judgeCalls <= (script.garbageJudgeCalls ?? 0))
        return { raw: { verdict: "PASS" }, usage: { inputTokens: 500, outputTokens: 20 } };
      const scores = scoresFor(request, quality ?? "good");
      if (script.breakCuts && request.continuity && request.artifact.label.includes(" cut "))
        scores.continuity = { score: 0.2, reason: "the palette jumps across the cut" };
      return { raw: scores, usage: { inputTokens: 5000, outputTokens: 800 } };
    },
  };

  return {
    imageModel,
    videoModel,
    judge,
    media,
    localChecks,
    log,
    image,
    qualityOf: (bytes: Buffer) => qualities.get(hash(bytes)),
  };
}

function scoresFor(request: JudgeRequest, quality: Quality): Scores {
  const ok = { score: 0.95, reason: "matches" };
  return {
    characters: request.cast.map((member, index) => ({
      id: member.id,
      identity: quality === "off-model" && index === 0 ? { score: 0.3, reason: "hair is wrong" } : ok,
      wardrobe: ok,
    })),
    charactersPresent: { score: 1, reason: "all there", missing: [], extra: [] },
    location: quality === "wrong-location" ? { score: 0.2, reason: "background is another room" } : ok,
    props: ok,
    continuity: request.continuity ? ok : null,
    artifacts: ok,
  };
}

export type ScriptedStudio = ReturnType<typeof createScriptedStudio>;
