import { describeError, isAppError } from "./app-error.ts";
import type { Blame } from "./blame.ts";
import { isProviderError } from "./provider-error.ts";

/**
 * What a failure thrown inside a gate means for the thing being gated (a shot or the scene), so
 * both state machines map the same error to the same event:
 * - halt: a cap would be passed; the run halts with the governor's message;
 * - stop: the kill switch; the work waits for `resume`;
 * - escalate: the provider refused or kept failing; a human decides;
 * - fail: nothing can succeed by trying again (a reference that cannot be read, a missing price).
 * Anything else (undefined) is not a verdict on the work: the job is retried, and once its
 * retries are spent the work fails with that error (see failureAfterRetries).
 */
export type FailureOutcome =
  | { kind: "halt"; message: string }
  | { kind: "stop"; message: string }
  | { kind: "escalate"; blame: "provider"; reason: string }
  | { kind: "fail"; blame: Blame; message: string };

/** Codes that say a reference (turnaround, plate, manifest) cannot be used as it is. */
const REFERENCE_FAULTS = ["REFERENCE_UNREADABLE", "IMAGE_UNREADABLE"];

export function failureOutcome(error: unknown): FailureOutcome | undefined {
  if (isAppError(error, "BUDGET_EXCEEDED")) return { kind: "halt", message: error.message };
  if (isAppError(error, "STOPPED")) return { kind: "stop", message: error.message };
  if (isAppError(error, "PRICE_UNKNOWN")) return { kind: "fail", blame: "provider", message: error.message };
  if (isAppError(error) && REFERENCE_FAULTS.includes(error.code)) {
    return { kind: "fail", blame: "reference", message: `${error.code}: ${error.message}` };
  }
  if (isProviderError(error) || isAppError(error, "JUDGE_MALFORMED")) {
    const { code, message } = describeError(error);
    return { kind: "escalate", blame: "provider", reason: `${code}: ${message}` };
  }
  return undefined;
}

/** The message a shot or scene fails with when its job failed on every try. */
export function failureAfterRetries(error: unknown, tries: number): string {
  const { code, message } = describeError(error);
  return `${code}: ${message} (the job failed on all ${tries} tries)`;
}
