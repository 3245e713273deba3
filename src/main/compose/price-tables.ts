import { readFileSync } from "node:fs";
import type { z } from "zod";
import { AppError } from "../../core/app-error.ts";
import { formatPath } from "../../core/manifest.ts";
import {
  type CapabilityTable,
  capabilityTableSchema,
  DEFAULT_CAPABILITY_TABLE,
} from "../../core/model-capabilities.ts";
import { DEFAULT_PRICE_TABLE, type PriceTable, priceTableSchema } from "../../core/prices.ts";

/** A JSON table from a file named by a variable, validated; every problem names the file and the field path. */
function loadTable<T>(variable: string, path: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new AppError(
      "CONFIG_INVALID",
      `${variable}: cannot read ${path} as JSON (${(error as Error).message})`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      "CONFIG_INVALID",
      `${variable}: ${path}: ${parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

export function loadPriceTable(path: string | undefined): PriceTable {
  return path ? loadTable("CONTINUITY_PRICES", path, priceTableSchema) : DEFAULT_PRICE_TABLE;
}

export function loadCapabilityTable(path: string | undefined): CapabilityTable {
  return path ? loadTable("CONTINUITY_MODELS", path, capabilityTableSchema) : DEFAULT_CAPABILITY_TABLE;
}
