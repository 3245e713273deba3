import type { Db } from "../../../db/create-db.ts";
import type { PriceTable } from "../../core/prices.ts";
import type { Clock } from "../../ports/clock.ts";
import type { ImageModel } from "../../ports/image-model.ts";
import type { Judge } from "../../ports/judge.ts";
import type { LocalChecks } from "../../ports/local-checks.ts";
import type { MediaTools } from "../../ports/media-tools.ts";
import type { Storage } from "../../ports/storage.ts";
import type { VideoModel } from "../../ports/video-model.ts";
import type { KillSwitch } from "./kill-switch.ts";

/** Progress the engine reports as it goes; front ends render it, tests read it. */
export type EngineEvent =
  | { type: "stage"; runId: string; shotId: string; stage: string; attempt: number; note?: string }
  | {
      type: "verdict";
      runId: string;
      shotId: string;
      stage: string;
      attempt: number;
      passed: boolean;
      score: number;
      summary: string;
      tier: "local" | "judge";
    }
  | { type: "shot"; runId: string; shotId: string; status: string; message?: string }
  | { type: "run"; runId: string; status: string; message?: string }
  | { type: "spend"; runId: string; micros: number };

/** Everything the engine needs, passed in: no module reaches for a client of its own. */
export interface EngineDeps {
  db: Db;
  bible: Storage;
  artifacts: Storage;
  imageModel: ImageModel;
  videoModel: VideoModel;
  judge: Judge;
  localChecks: LocalChecks;
  media: MediaTools;
  clock: Clock;
  prices: PriceTable;
  killSwitch: KillSwitch;
  workerId: string;
  leaseSeconds: number;
  pollIntervalMs: number;
  /** Tries per paid call for retryable provider errors (429, 5xx, empty results, malformed judge answers). */
  callTries: number;
  /**
   * CONTINUITY_JUDGE_BORDER: a paid judge's score this close to its threshold is asked once more
   * and the lower kept. Absent or 0: off.
   */
  judgeBorder?: number;
  onEvent: (event: EngineEvent) => void;
}
