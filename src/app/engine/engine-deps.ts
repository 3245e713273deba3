import type { Db } from "../../../db/create-db.ts";
import type { CapabilityTable } from "../../core/model-capabilities.ts";
import type { Micros } from "../../core/money.ts";
import type { PriceTable } from "../../core/prices.ts";
import type { CastSheetMaker } from "../../ports/cast-sheet.ts";
import type { Clock } from "../../ports/clock.ts";
import type { ImageModel } from "../../ports/image-model.ts";
import type { Judge } from "../../ports/judge.ts";
import type { KillSwitch } from "../../ports/kill-switch.ts";
import type { LocalChecks } from "../../ports/local-checks.ts";
import type { MediaTools } from "../../ports/media-tools.ts";
import type { Storage } from "../../ports/storage.ts";
import type { VideoModel } from "../../ports/video-model.ts";

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
  castSheets: CastSheetMaker;
  clock: Clock;
  prices: PriceTable;
  /**
   * The daily cap of this process's configuration (CONTINUITY_DAILY_CAP_USD). Every reservation
   * is checked against it; a run never carries its own copy.
   */
  dayCap: Micros;
  /** What each model can make: checked at plan time, and the panel stage's reference budget. */
  capabilities: CapabilityTable;
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
