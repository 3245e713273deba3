import { z } from "zod";
import { AppError } from "./app-error.ts";
import type { ModelUsage } from "./model-usage.ts";
import { type Micros, parseUsd, priceTimes } from "./money.ts";

/**
 * The versioned price table. Prices are decimal dollar strings (exact), per unit. Offline
 * providers name the real model they stand in for, so simulated spend behaves like real spend.
 * An action whose model has no price fails closed: it does not run.
 */
const usdText = z.string().regex(/^\d{1,6}(\.\d{1,9})?$/, "expected a decimal dollar amount like 0.039");

const modelPriceSchema = z.strictObject({
  standsInFor: z.string().optional(),
  usdPerImage: usdText.optional(),
  usdPerMillionInputTokens: usdText.optional(),
  usdPerMillionOutputTokens: usdText.optional(),
  usdPerSecond: usdText.optional(),
  /** What one call is assumed to use when reserving (the most it may use) and when a provider reports no usage (typical). */
  reserve: z
    .strictObject({
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
    })
    .optional(),
  typical: z
    .strictObject({
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
    })
    .optional(),
});

export const priceTableSchema = z.strictObject({
  version: z.string().min(1),
  models: z.record(z.string(), modelPriceSchema),
});

export type PriceTable = z.infer<typeof priceTableSchema>;
type ModelPrice = z.infer<typeof modelPriceSchema>;

/** Indicative public prices (DESIGN section 9); override with CONTINUITY_PRICES. */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  version: "2026-11-01",
  models: {
    "gemini/gemini-2.5-flash-image": {
      usdPerImage: "0.039",
      usdPerMillionInputTokens: "0.30",
      reserve: { inputTokens: 12_000, outputTokens: 0 },
      typical: { inputTokens: 6_000, outputTokens: 0 },
    },
    "gemini/gemini-2.5-flash": {
      usdPerMillionInputTokens: "0.30",
      usdPerMillionOutputTokens: "2.50",
      reserve: { inputTokens: 16_000, outputTokens: 8_192 },
      typical: { inputTokens: 7_000, outputTokens: 1_500 },
    },
    "veo/veo-3.1-fast-generate-preview": { usdPerSecond: "0.15" },
    "veo/veo-3.1-generate-preview": { usdPerSecond: "0.40" },
    // The field report: about $2.90 for a 12-second 720p Seedance shot.
    "seedance/seedance-1-0-pro-fast-251015": { usdPerSecond: "0.241667" },
    "local/local-compositor": { standsInFor: "gemini/gemini-2.5-flash-image" },
    "local/pixel-judge": { standsInFor: "gemini/gemini-2.5-flash" },
    "local/local-ffmpeg": { standsInFor: "seedance/seedance-1-0-pro-fast-251015" },
  },
};

export interface PricedModel {
  key: string;
  /** The entry whose prices apply (the real model for a simulated one). */
  pricedAs: string;
  price: ModelPrice;
}

export function priceFor(table: PriceTable, provider: string, model: string): PricedModel {
  const key = `${provider}/${model}`;
  let entry = table.models[key];
  let pricedAs = key;
  if (entry?.standsInFor) {
    pricedAs = entry.standsInFor;
    entry = table.models[pricedAs];
  }
  if (!entry) {
    throw new AppError(
      "PRICE_UNKNOWN",
      `no price for ${pricedAs} in price table ${table.version}; add it to the table (CONTINUITY_PRICES) before using this model`,
      { model: pricedAs },
    );
  }
  return { key, pricedAs, price: entry };
}

const perToken = (usdPerMillion: string | undefined) =>
  usdPerMillion ? parseUsd(usdPerMillion) / 1_000_000 : 0;

function tokenCost(price: ModelPrice, inputTokens: number, outputTokens: number): Micros {
  return (
    priceTimes(perToken(price.usdPerMillionInputTokens), inputTokens) +
    priceTimes(perToken(price.usdPerMillionOutputTokens), outputTokens)
  );
}

function requirePrice(priced: PricedModel, field: keyof ModelPrice, what: string): string {
  const value = priced.price[field];
  if (typeof value !== "string") {
    throw new AppError(
      "PRICE_UNKNOWN",
      `price table has no ${field} for ${priced.pricedAs}, needed to price ${what}`,
      {
        model: priced.pricedAs,
      },
    );
  }
  return value;
}

/** The most an image generation or judge call may cost: what is reserved before it starts. */
export function reserveForCall(priced: PricedModel, kind: "image" | "judge"): Micros {
  const reserve = priced.price.reserve ?? { inputTokens: 0, outputTokens: 0 };
  const base = tokenCost(priced.price, reserve.inputTokens, reserve.outputTokens);
  return kind === "image" ? base + parseUsd(requirePrice(priced, "usdPerImage", "an image")) : base;
}

/**
 * The most a clip may cost: providers round a requested duration up (to whole frames, or whole
 * seconds), so the reservation prices the requested duration rounded up to the next whole second.
 */
export function reserveForVideo(priced: PricedModel, seconds: number): Micros {
  return priceTimes(parseUsd(requirePrice(priced, "usdPerSecond", "a video")), Math.ceil(seconds - 1e-9));
}

/** Actual cost from the usage a provider reported; a simulated call with no usage costs the typical call. */
export function costOfUsage(
  priced: PricedModel,
  kind: "image" | "judge" | "video",
  usage: ModelUsage,
): Micros {
  if (kind === "video") {
    return priceTimes(parseUsd(requirePrice(priced, "usdPerSecond", "a video")), usage.seconds ?? 0);
  }
  const typical = priced.price.typical ?? { inputTokens: 0, outputTokens: 0 };
  const reported = usage.inputTokens !== undefined || usage.outputTokens !== undefined;
  const input = reported ? (usage.inputTokens ?? 0) : typical.inputTokens;
  const output = reported ? (usage.outputTokens ?? 0) : typical.outputTokens;
  if (kind === "image") {
    const images = usage.images ?? 1;
    // Gemini bills the image itself as output tokens; the per-image price stands for those.
    return (
      tokenCost(priced.price, input, 0) +
      priceTimes(parseUsd(requirePrice(priced, "usdPerImage", "an image")), images)
    );
  }
  return tokenCost(priced.price, input, output);
}

/** The typical cost of one call, for up-front estimates. */
export function typicalCost(priced: PricedModel, kind: "image" | "judge"): Micros {
  return costOfUsage(priced, kind, {});
}
