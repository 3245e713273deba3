import { describeError } from "../../core/app-error.ts";
import { ProviderError } from "../../core/provider-error.ts";
import type { VideoModel, VideoRequest, VideoStatus } from "../../ports/video-model.ts";
import { pickFault } from "./local-video-faults.ts";
import { createFolderVideoStore, createMemoryVideoStore, type LocalVideoStore } from "./local-video-store.ts";
import { frameCountFor, renderLocalClip } from "./render-local-clip.ts";

export interface LocalFaultRecord {
  sceneId: string;
  shotId: string;
  attempt: number;
  fault: string | null;
}

export interface LocalVideoModelOptions {
  ffmpegPath: string;
  seed: number;
  /** Share of attempts that come back with a seeded fault, in [0,1]. */
  faultRate: number;
  fps?: number;
  /** Told about every submission's seeded fault (null when clean); the validator never is. */
  onFault?: (record: LocalFaultRecord) => void;
  /**
   * Where jobs and their outputs are kept (e.g. ".continuity/local-video"), so a model in a new
   * process answers for operations a crashed one started. Without it jobs live in memory.
   */
  stateDir?: string;
}

export interface LocalVideoModel extends VideoModel {
  /** Resolves when no render of this instance is in flight; for shutdown and tests. */
  idle(): Promise<void>;
}

const DEFAULT_FPS = 12;

/**
 * An offline stand-in for an image-to-video provider with the same long-job shape: start
 * returns an operation id at once and the clip renders in the background; status reports
 * running until the MP4 is ready. Like a real provider it keeps the job: an operation whose
 * render was lost (process died, render aborted) is rendered again, deterministically, when
 * someone asks for its status.
 */
export function createLocalVideoModel(options: LocalVideoModelOptions): LocalVideoModel {
  const fps = options.fps ?? DEFAULT_FPS;
  const store: LocalVideoStore = options.stateDir
    ? createFolderVideoStore(options.stateDir)
    : createMemoryVideoStore();
  const renders = new Map<string, { done: Promise<void>; progress: number }>();
  const starting = new Map<string, Promise<{ operationId: string }>>();

  /** Renders a stored job unless this instance is already doing so; an abort leaves the job to be taken up again. */
  function launch(operationId: string, signal: AbortSignal): void {
    if (renders.has(operationId)) return;
    const entry = { progress: 0, done: Promise.resolve() };
    renders.set(operationId, entry);
    entry.done = (async () => {
      try {
        const stored = await store.load(operationId);
        if (!stored) return;
        const { job, panels } = stored;
        const clip = await renderLocalClip(
          options.ffmpegPath,
          {
            ...panels,
            width: job.width,
            height: job.height,
            fps: job.fps,
            durationSeconds: job.durationSeconds,
            fault: job.fault,
          },
          { signal, onProgress: (fraction) => (entry.progress = fraction) },
        );
        await store.saveResult(operationId, {
          state: "succeeded",
          video: clip.video,
          durationSeconds: clip.durationSeconds,
        });
      } catch (error) {
        if (signal.aborted) return;
        await store
          .saveResult(operationId, { state: "failed", reason: describeError(error).message })
          .catch(() => {});
      } finally {
        renders.delete(operationId);
      }
    })();
  }

  async function submit(request: VideoRequest): Promise<{ operationId: string }> {
    // The same client request id is the same submission: answer with the job already taken.
    const existing = await store.findByClientRequestId(request.clientRequestId);
    if (existing) return { operationId: existing };
    const fault = pickFault({
      seed: options.seed,
      faultRate: options.faultRate,
      sceneId: request.sceneId,
      shotId: request.shot.id,
      attempt: request.attempt,
      framesMode: request.endPanel !== undefined,
    });
    const job = await store.create(
      {
        clientRequestId: request.clientRequestId,
        sceneId: request.sceneId,
        shotId: request.shot.id,
        attempt: request.attempt,
        prompt: request.prompt,
        width: request.width,
        height: request.height,
        fps,
        durationSeconds: frameCountFor(request.durationSeconds, fps) / fps,
        fault,
      },
      request.endPanel
        ? { startPanel: request.startPanel.bytes, endPanel: request.endPanel.bytes }
        : { startPanel: request.startPanel.bytes },
    );
    options.onFault?.({
      sceneId: request.sceneId,
      shotId: request.shot.id,
      attempt: request.attempt,
      fault,
    });
    launch(job.operationId, request.signal);
    return { operationId: job.operationId };
  }

  return {
    provider: "local",
    modelId: "local-ffmpeg",
    simulated: true,

    async start(request: VideoRequest) {
      request.signal.throwIfAborted();
      validate(request);
      // Two concurrent starts of one submission must not both create a job.
      const pending = starting.get(request.clientRequestId);
      if (pending) return pending;
      const started = submit(request).finally(() => starting.delete(request.clientRequestId));
      starting.set(request.clientRequestId, started);
      return started;
    },

    async status(operationId: string, signal: AbortSignal): Promise<VideoStatus> {
      signal.throwIfAborted();
      const result = await store.result(operationId);
      if (result?.state === "succeeded") {
        const { video, durationSeconds } = result;
        return { state: "succeeded", video, durationSeconds, usage: { seconds: durationSeconds } };
      }
      if (result?.state === "failed") return { state: "failed", reason: result.reason, filtered: false };
      const rendering = renders.get(operationId);
      if (rendering) return { state: "running", progress: rendering.progress };
      if (!(await store.load(operationId))) {
        throw new ProviderError(
          "VIDEO_OPERATION_NOT_FOUND",
          `no local video operation ${operationId}`,
          "terminal",
          undefined,
          {
            operationId,
          },
        );
      }
      // Taken by a process that is gone, or aborted: the job is still ours to finish.
      launch(operationId, signal);
      return { state: "running", progress: 0 };
    },

    async findByClientRequestId(clientRequestId: string) {
      return store.findByClientRequestId(clientRequestId);
    },

    async idle() {
      while (renders.size > 0) await Promise.allSettled([...renders.values()].map((entry) => entry.done));
    },
  };
}

function validate(request: VideoRequest): void {
  const { width, height, durationSeconds } = request;
  const problems: string[] = [];
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16) {
    problems.push(`size ${width}x${height} must be whole pixels, at least 16x16`);
  } else if (width % 2 !== 0 || height % 2 !== 0) {
    problems.push(`size ${width}x${height} must be even (H.264 in yuv420p)`);
  }
  if (!(durationSeconds > 0 && durationSeconds <= 60))
    problems.push(`duration ${durationSeconds}s must be in (0, 60]`);
  if (problems.length > 0) {
    throw new ProviderError(
      "LOCAL_VIDEO_BAD_REQUEST",
      `local video request refused: ${problems.join("; ")}`,
      "terminal",
    );
  }
}
