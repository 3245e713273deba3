import type { Shot } from "../core/manifest.ts";
import type { ModelUsage } from "./image-model.ts";

export interface VideoRequest {
  sceneId: string;
  shot: Shot;
  startPanel: { bytes: Buffer; mime: string };
  /** Frames mode: the accepted end panel the clip must arrive at. */
  endPanel?: { bytes: Buffer; mime: string };
  prompt: string;
  durationSeconds: number;
  width: number;
  height: number;
  /** Ours, unique per submission: lets a provider that supports it find a submission whose answer was lost. */
  clientRequestId: string;
  attempt: number;
  signal: AbortSignal;
}

export type VideoStatus =
  | { state: "running"; progress?: number }
  | { state: "succeeded"; video: Buffer; durationSeconds: number; usage: ModelUsage }
  | { state: "failed"; reason: string; filtered: boolean };

/**
 * Video generation is a long job: start returns an operation id that is stored before any
 * polling, so a restarted worker resumes polling instead of paying again.
 */
export interface VideoModel {
  readonly provider: string;
  readonly modelId: string;
  readonly simulated: boolean;
  start(request: VideoRequest): Promise<{ operationId: string }>;
  status(operationId: string, signal: AbortSignal): Promise<VideoStatus>;
  /** Only for providers that can look a submission up by our id; others leave an uncertain submission to a human. */
  findByClientRequestId?(clientRequestId: string): Promise<string | undefined>;
}
