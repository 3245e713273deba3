import type { LocalChecks } from "../../ports/local-checks.ts";
import { checkClip } from "./clip-checks.ts";
import { checkImage, type FreeTierOptions } from "./image-checks.ts";

/** The free tier as the engine's LocalChecks port: production code, wired whatever the provider. */
export function createFreeTier(options: Omit<FreeTierOptions, "plates">): LocalChecks {
  const withCache = { ...options, plates: new WeakMap() };
  return { checkImage: (input) => checkImage(input, withCache), checkClip };
}
