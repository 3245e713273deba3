import type { Shot } from "../core/manifest.ts";
import type { ModelUsage } from "./image-model.ts";

export interface JudgeImage {
  bytes: Buffer;
  mime: string;
}

export interface JudgeRequest {
  sceneId: string;
  shot: Shot;
  artifact: JudgeImage & { kind: "panel" | "end-panel" | "keyframe"; label: string };
  /** Only the characters expected in this shot, each with their canonical turnaround. */
  cast: { id: string; wardrobe: string; turnaround: JudgeImage }[];
  location: { id: string; plate: JudgeImage };
  props: string[];
  /** The adjacent accepted shot's frame, kept apart from the expected cast (judges otherwise invent problems for characters who are not there). */
  continuity?: JudgeImage & { shotId: string };
  signal: AbortSignal;
}

/** `raw` is whatever the judge answered; the core validates it against scoresSchema and never trusts it otherwise. */
export interface JudgeAnswer {
  raw: unknown;
  usage: ModelUsage;
}

export interface Judge {
  readonly provider: string;
  readonly modelId: string;
  readonly simulated: boolean;
  score(request: JudgeRequest): Promise<JudgeAnswer>;
}
