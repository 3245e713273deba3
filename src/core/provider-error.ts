import { AppError, type AppErrorCode } from "./app-error.ts";

/**
 * How a provider call failed decides what the engine may do next:
 * - retryable: back off and call again within the governor's limits (429, 5xx, empty result);
 * - terminal: calling again cannot help (safety block, bad request);
 * - uncertain: we do not know whether the provider accepted the work (a timed-out submission),
 *   so it is never blindly re-sent.
 */
export type ProviderFailureKind = "retryable" | "terminal" | "uncertain";

export class ProviderError extends AppError {
  constructor(
    code: AppErrorCode,
    message: string,
    readonly kind: ProviderFailureKind,
    readonly retryAfterMs?: number,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
    this.name = "ProviderError";
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}
