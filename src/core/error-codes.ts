import type { Blame } from "./blame.ts";

/**
 * What an error means to whoever catches it, so no catch site keeps its own list of codes:
 * - request: the request or the configuration was wrong; asking again the same way cannot help;
 * - decision: a person's decision could not be taken (already decided, not theirs to take);
 * - reference: the references gate refuses the work (a reference missing, changed or not locked,
 *   a manifest that cannot be used); the shot fails with blame on the bible;
 * - fault: nothing can succeed by trying again (an unreadable reference, a missing price);
 * - halt: a cap would be passed; the run halts with the governor's message;
 * - stop: the kill switch; the work waits for `resume`;
 * - provider: the provider refused or kept failing; a human decides;
 * - transient: not a verdict on the work (storage, database, a lost lease, ffmpeg): the job is
 *   retried, and once its retries are spent the work fails with that error.
 */
export type ErrorKind =
  | "request"
  | "decision"
  | "reference"
  | "fault"
  | "halt"
  | "stop"
  | "provider"
  | "transient";

export interface ErrorCodeInfo {
  kind: ErrorKind;
  /** The exit code of a command that ends with this error. */
  exit: 0 | 1 | 2;
  /** Where the failure came from, when the code alone says so. */
  blame?: Blame;
}

const request = { kind: "request", exit: 2 } as const;
const decision = { kind: "decision", exit: 2 } as const;
const reference = { kind: "reference", exit: 2, blame: "reference" } as const;
const transient = { kind: "transient", exit: 2 } as const;
const provider = { kind: "provider", exit: 2, blame: "provider" } as const;

/** Every code an AppError may carry. A code not listed here does not compile. */
export const ERROR_CODES = {
  // The request or configuration.
  INVALID_ARGUMENT: request,
  INVALID_AMOUNT: request,
  INVALID_ID: request,
  INVALID_SCOPE: request,
  UNKNOWN_COMMAND: request,
  UNKNOWN_RUN: request,
  UNKNOWN_SHOT: request,
  CONFIG_INVALID: request,
  BIBLE_EXISTS: request,
  BIBLE_HAS_ERRORS: request,
  BIBLE_NOT_LOCKED: request,
  BIBLE_CHANGED: request,
  DEMO_CHARACTER_UNKNOWN: request,
  DEMO_LOCATION_UNKNOWN: request,
  RUN_NOT_RESUMABLE: request,
  STOP_FILE_PRESENT: request,
  STORAGE_INVALID_URI: request,
  STORAGE_INVALID_KEY: request,
  STORAGE_INVALID_CONFIG: request,
  IMAGE_TOO_LARGE: request,
  MODEL_CAPABILITIES_UNKNOWN: request,
  // Plan refusals: the models cannot make the shot as asked (see plan-checks).
  PLAN_UNSUPPORTED: request,
  ASPECT_UNSUPPORTED: request,
  FRAMES_UNSUPPORTED: request,
  REFERENCES_UNSUPPORTED: request,
  JUDGE_IMAGES_UNSUPPORTED: request,
  SHOT_DURATION_UNSUPPORTED: request,
  // A person's decision on an escalation.
  UNKNOWN_ESCALATION: decision,
  SELF_APPROVAL: decision,
  ESCALATION_SUPERSEDED: decision,
  ESCALATION_DECIDED: decision,
  ESCALATION_STALE: decision,
  NOTHING_TO_APPROVE: decision,
  // The references gate.
  REFERENCE_CHANGED: reference,
  REFERENCE_MISSING: reference,
  REFERENCE_NOT_LOCKED: reference,
  MANIFEST_INVALID: reference,
  MANIFEST_INVALID_JSON: reference,
  // Nothing can succeed by trying again.
  REFERENCE_UNREADABLE: { kind: "fault", exit: 2, blame: "reference" },
  IMAGE_UNREADABLE: { kind: "fault", exit: 2, blame: "reference" },
  PRICE_UNKNOWN: { kind: "fault", exit: 2, blame: "provider" },
  // The governor and the kill switch.
  BUDGET_EXCEEDED: { kind: "halt", exit: 2 },
  STOPPED: { kind: "stop", exit: 2 },
  // Providers (ProviderError) and the judge's answer.
  PROVIDER_RATE_LIMITED: provider,
  PROVIDER_UNAVAILABLE: provider,
  PROVIDER_AUTH: provider,
  PROVIDER_SAFETY_BLOCK: provider,
  PROVIDER_BAD_REQUEST: provider,
  PROVIDER_TIMEOUT: provider,
  PROVIDER_ABORTED: provider,
  PROVIDER_UNREACHABLE: provider,
  PROVIDER_NETWORK: provider,
  PROVIDER_MALFORMED_RESPONSE: provider,
  PROVIDER_CLIENT_ERROR: provider,
  PROVIDER_UNSUPPORTED_MEDIA: provider,
  PROVIDER_EMPTY_RESULT: provider,
  PROVIDER_TOO_MANY_REDIRECTS: provider,
  SUBMISSION_UNCERTAIN: provider,
  VIDEO_OPERATION_NOT_FOUND: provider,
  LOCAL_VIDEO_BAD_REQUEST: provider,
  JUDGE_MALFORMED: provider,
  // Not a verdict on the work: retried.
  INTERNAL: transient,
  DATABASE_UNREACHABLE: transient,
  // A stored row that does not decode: the job's tries end with the message naming table, row and path.
  DATABASE_ROW_INVALID: transient,
  LEASE_LOST: transient,
  RUN_STALLED: transient,
  STORAGE_NOT_FOUND: transient,
  STORAGE_ERROR: transient,
  LOCAL_MODEL_REFERENCE_MISSING: transient,
  VIDEO_INVALID: transient,
  VIDEO_FRAME_MISSING: transient,
  FFMPEG_FAILED: transient,
  STITCH_EMPTY: transient,
} as const satisfies Record<string, ErrorCodeInfo>;

export type AppErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is AppErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** What a code means; a code from outside (a driver's, a string read back) counts as INTERNAL. */
export function errorCodeInfo(code: string): ErrorCodeInfo {
  return isErrorCode(code) ? ERROR_CODES[code] : ERROR_CODES.INTERNAL;
}
