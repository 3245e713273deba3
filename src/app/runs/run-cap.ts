import type { Micros } from "../../core/money.ts";

/**
 * A run's cap: the budget asked for, else the configured per-run cap. Resolved once, when the run
 * is planned; the estimate, the warning and the run's budget row all take it from the plan.
 */
export function resolveRunCap(defaults: { cap: Micros }, budget?: Micros): Micros {
  return budget ?? defaults.cap;
}
