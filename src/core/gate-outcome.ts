import type { AppErrorCode } from "./app-error.ts";
import { AppError } from "./app-error.ts";
import type { Blame } from "./blame.ts";

/**
 * What a gate says about the work: it passes (with what it checked), or it refuses with the blame,
 * the reason and the code a user or a script sees. A refusal is an expected outcome, so it is a
 * value; exceptions are kept for what nobody expected (storage down, a bug).
 */
export type GateOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; blame: Blame; code: AppErrorCode; reason: string; details: Record<string, unknown> };

export type GateRefusal = Extract<GateOutcome<unknown>, { ok: false }>;

export function passed<T>(value: T): GateOutcome<T> {
  return { ok: true, value };
}

export function refused(
  blame: Blame,
  code: AppErrorCode,
  reason: string,
  details: Record<string, unknown> = {},
): GateRefusal {
  return { ok: false, blame, code, reason, details };
}

/** For a caller to whom a refusal is not expected (the scene gate, validate): the same error as before. */
export function orThrow<T>(outcome: GateOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new AppError(outcome.code, outcome.reason, outcome.details);
}
