import { modelIdsOf } from "../src/app/runs/render-scope.ts";
import type { Runtime } from "../src/app/runtime.ts";
import { describeError } from "../src/core/app-error.ts";
import {
  describeDurations,
  describedCapabilities,
  describeRatios,
  type ImageCapabilities,
  type JudgeCapabilities,
  type VideoCapabilities,
} from "../src/core/model-capabilities.ts";
import { priceFor } from "../src/core/prices.ts";
import { type CommandView, view } from "./command-view.ts";

type Role = "panel" | "judge" | "video";
type Caps = ImageCapabilities | JudgeCapabilities | VideoCapabilities;

export interface ModelRow {
  role: Role;
  provider: string;
  model: string;
  simulated: boolean;
  /** The price table entry that applies (the real model an offline one stands in for), or why there is none. */
  price: { pricedAs: string; [field: string]: unknown } | { error: string };
  capabilities: ({ describedAs: string } & Caps) | { error: string };
}

export interface ModelsData {
  priceTable: string;
  capabilityTable: string;
  durationPolicy: string;
  models: ModelRow[];
}

const CAPABILITY_ROLE = { panel: "image", judge: "judge", video: "video" } as const;

function attempt<T>(read: () => T): T | { error: string } {
  try {
    return read();
  } catch (error) {
    const { code, message } = describeError(error);
    return { error: `${code}: ${message}` };
  }
}

function describeCaps(caps: Caps): string {
  switch (caps.role) {
    case "video":
      return [
        describeDurations(caps.durations),
        caps.endFrame ? "takes an end frame" : "first frame only",
        caps.aspectRatios ? describeRatios(caps.aspectRatios) : "any aspect",
        caps.resolutions.join("/"),
      ].join("; ");
    case "image":
      return [
        `${caps.referenceImages} reference images`,
        caps.aspectRatios ? describeRatios(caps.aspectRatios) : "any aspect",
        ...(caps.outputSizes ? [`answers ${Object.values(caps.outputSizes).join(", ")}`] : []),
      ].join("; ");
    case "judge":
      return `${caps.imagesPerRequest} images per request`;
  }
}

function describePrice(price: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof price.usdPerImage === "string") parts.push(`$${price.usdPerImage}/image`);
  if (typeof price.usdPerMillionInputTokens === "string")
    parts.push(`$${price.usdPerMillionInputTokens}/M in`);
  if (typeof price.usdPerMillionOutputTokens === "string")
    parts.push(`$${price.usdPerMillionOutputTokens}/M out`);
  if (typeof price.usdPerSecond === "string") parts.push(`$${price.usdPerSecond}/s`);
  return parts.join(", ") || "no prices";
}

/** `continuity models`: per role, the configured provider and model, its prices and its capabilities. */
export function models(runtime: Runtime): CommandView<ModelsData> {
  const ids = modelIdsOf(runtime);
  const { prices, capabilities } = runtime.deps;
  const rows: ModelRow[] = (
    [
      ["panel", ids.image, runtime.deps.imageModel.simulated],
      ["judge", ids.judge, runtime.deps.judge.simulated],
      ["video", ids.video, runtime.deps.videoModel.simulated],
    ] as const
  ).map(([role, id, simulated]) => ({
    role,
    provider: id.provider,
    model: id.modelId,
    simulated,
    price: attempt(() => {
      const priced = priceFor(prices, id.provider, id.modelId);
      return { pricedAs: priced.pricedAs, ...priced.price };
    }),
    capabilities: attempt(() => {
      const found = describedCapabilities(capabilities, id.provider, id.modelId, CAPABILITY_ROLE[role]);
      return { describedAs: found.describedAs, ...found.caps };
    }),
  }));
  const data: ModelsData = {
    priceTable: prices.version,
    capabilityTable: capabilities.version,
    durationPolicy: runtime.defaults.durationPolicy,
    models: rows,
  };
  const lines = [
    `price table ${data.priceTable}; capabilities table ${data.capabilityTable}; durations the video model cannot make: ${data.durationPolicy}`,
  ];
  for (const row of rows) {
    const as = (entry: { pricedAs: string } | { describedAs: string }) => {
      const real = "pricedAs" in entry ? entry.pricedAs : entry.describedAs;
      return real === `${row.provider}/${row.model}` ? "" : ` (as ${real})`;
    };
    lines.push(
      `${row.role.padEnd(6)} ${row.provider}/${row.model}${row.simulated ? " (offline, simulated)" : ""}`,
    );
    lines.push(
      `  price   ${"error" in row.price ? row.price.error : `${describePrice(row.price)}${as(row.price)}`}`,
    );
    lines.push(
      `  can     ${"error" in row.capabilities ? row.capabilities.error : `${describeCaps(row.capabilities)}${as(row.capabilities)}`}`,
    );
  }
  const failed = rows.some((row) => "error" in row.price || "error" in row.capabilities);
  return view(data, lines.join("\n"), failed ? 1 : 0);
}
