import { describeError, isAppError } from "./app-error.ts";
import type { Blame } from "./blame.ts";
import { ERROR_CODES, type ErrorCodeInfo } from "./error-codes.ts";
import { isProviderError } from "./provider-error.ts";

/**
 * What a failure thrown inside a gate means for the thing being gated (a shot or the scene), so
 * both state machines map the same error to the same event:
 * - halt: a cap would be passed; the run halts with the governor's message;
 * - stop: the kill switch; the work waits for `resume`;
 * - escalate: the provider refused or kept failing; a human decides;
 * - fail: nothing can succeed by trying again (a reference that cannot be read, a missing price).
 * Anything else (undefined) is not a verdict on the work: the job is retried, and once its
 * retries are spent the work fails with that error (see failureAfterRetries). The code's entry
 * in ERROR_CODES decides which.
 */
export type FailureOutcome =
  | { kind: "halt"; message: string }
  | { kind: "stop"; message: string }
  | { kind: "escalate"; blame: "provider"; reason: string }
  | { kind: "fail"; blame: Blame; message: string };

export function failureOutcome(error: unknown): FailureOutcome | undefined {
  // A provider's failure escalates whatever its code (the class is what the adapters promise).
  if (isProviderError(error)) return escalate(error);
  if (!isAppError(error)) return undefined;
  const info: ErrorCodeInfo = ERROR_CODES[error.code];
  switch (info.kind) {
    case "halt":
      return { kind: "halt", message: error.message };
    case "stop":
      return { kind: "stop", message: error.message };
    case "provider":
      return escalate(error);
    case "fault":
      // A reference fault names its code: the message alone does not say the reference is at fault.
      return info.blame === "reference"
        ? { kind: "fail", blame: "reference", message: `${error.code}: ${error.message}` }
        : { kind: "fail", blame: info.blame ?? "provider", message: error.message };
    default:
      return undefined;
  }
}

function escalate(error: unknown): FailureOutcome {
  const { code, message } = describeError(error);
  return { kind: "escalate", blame: "provider", reason: `${code}: ${message}` };
}

/** The message a shot or scene fails with when its job failed on every try. */
export function failureAfterRetries(error: unknown, tries: number): string {
  const { code, message } = describeError(error);
  return `${code}: ${message} (the job failed on all ${tries} tries)`;
}
