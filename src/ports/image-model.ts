import type { Shot } from "../core/manifest.ts";
import type { ModelUsage } from "../core/model-usage.ts";
import type { CastSheetCell } from "./cast-sheet.ts";

/** A locked reference image sent with a generation request. */
export interface ReferenceImage {
  /** A cast sheet stands for several characters' turnarounds when the model handles fewer images. */
  role: "character" | "location" | "start-panel" | "cast-sheet";
  /** The character, location or shot; for a cast sheet, the ids it holds joined by "+". */
  id: string;
  key: string;
  bytes: Buffer;
  mime: string;
  /** A cast sheet's layout: which character's turnaround is where. */
  cells?: CastSheetCell[];
}

export interface PanelRequest {
  sceneId: string;
  shot: Shot;
  /** Frames mode generates an end panel after the start panel has passed its gate. */
  frame: "start" | "end";
  /** Always the canonical turnarounds of the shot's cast and its location plate (and, for an end panel, the accepted start panel). */
  references: ReferenceImage[];
  width: number;
  height: number;
  /** 1-based attempt number for this artifact. */
  attempt: number;
  /** Why the previous attempt failed, so a model can be told what to fix. */
  feedback?: string;
  signal: AbortSignal;
}

export type { ModelUsage } from "../core/model-usage.ts";

export interface PanelResult {
  bytes: Buffer;
  mime: "image/png" | "image/jpeg";
  usage: ModelUsage;
}

export interface ImageModel {
  readonly provider: string;
  readonly modelId: string;
  /** True when the provider's work is simulated offline and priced as the real action it stands in for. */
  readonly simulated: boolean;
  generatePanel(request: PanelRequest): Promise<PanelResult>;
}
