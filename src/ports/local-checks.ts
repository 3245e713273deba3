import type { LocalFinding } from "../core/local-finding.ts";

export type { LocalFinding } from "../core/local-finding.ts";

export interface ImageCheckInput {
  bytes: Buffer;
  expectedWidth: number;
  expectedHeight: number;
  /** The location plate, for a cheap background comparison and to catch it handed back. */
  plate: Buffer;
  /** The shot's character turnarounds, to catch one handed back as the panel. */
  turnarounds?: Buffer[];
}

export interface ClipCheckInput {
  /** Decoded frames sampled across the clip (first, middle, last and the tail), in time order. */
  frames: { atSeconds: number; bytes: Buffer }[];
  durationSeconds: number;
  expectedDurationSeconds: number;
  expectedWidth: number;
  expectedHeight: number;
  startPanel: Buffer;
  endPanel?: Buffer;
}

/**
 * The free tier: measurements on pixels that run before any paid judge call. Its decisive
 * findings can fail an artifact on their own; its advisory ones are recorded and shown only.
 */
export interface LocalChecks {
  checkImage(input: ImageCheckInput): Promise<LocalFinding[]>;
  checkClip(input: ClipCheckInput): Promise<LocalFinding[]>;
}
