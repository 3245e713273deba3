import type { Db } from "../../db/create-db.ts";
import { costOfUsage, DEFAULT_PRICE_TABLE, priceFor, typicalCost } from "../core/prices.ts";
import { benchManifest } from "./bench-scene.ts";
import { gatedSpendBreakdown, type SpendBreakdown } from "./gated-spend-breakdown.ts";
import { type FaultRecord, type PricedShot, perfectValidator } from "./perfect-validator.ts";

export interface AchievableBound {
  perfect: {
    spentMicros: number;
    accepted: number;
    escalated: number;
    /** Shots needing an attempt the gated run never drew (only a validator mistake causes one): then a lower bound. */
    undrawn: number;
    perAcceptedMicros: number | null;
  };
  beyondPerfect: SpendBreakdown;
}

/** The bench's shots at the oracle's list prices (one panel, one clip of the shot's duration). */
export function pricedBenchShots(count: number, maxDuration: number): PricedShot[] {
  const panelMicros = typicalCost(priceFor(DEFAULT_PRICE_TABLE, "local", "local-compositor"), "image");
  const video = priceFor(DEFAULT_PRICE_TABLE, "local", "local-ffmpeg");
  return benchManifest(count, maxDuration).shots.map((shot) => ({
    id: shot.id,
    panelMicros,
    videoMicros: costOfUsage(video, "video", { seconds: shot.duration }),
  }));
}

/** The perfect validator on the gated run's own fault logs, and where the gated run's extra money went. */
export async function achievableBound(
  db: Db,
  runId: string,
  input: {
    shots: PricedShot[];
    maxAttempts: number;
    panelFaults: readonly FaultRecord[];
    videoFaults: readonly FaultRecord[];
    escalatedShots: ReadonlySet<string>;
  },
): Promise<AchievableBound> {
  const result = perfectValidator(input);
  const beyondPerfect = await gatedSpendBreakdown(db, runId, input.escalatedShots, result);
  // Per-shot detail stays out of the JSON line; the totals are the figure.
  const { shots: _perShot, ...perfect } = result;
  return { perfect, beyondPerfect };
}
