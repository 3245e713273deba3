import { isProviderError, type ProviderError } from "../../core/provider-error.ts";

/**
 * The one retry policy for paid calls: only a provider's retryable failures (429, 5xx, empty
 * results) are tried again, at most `tries` times in all, waiting the provider's own retry delay
 * or an exponential back-off from half a second.
 */
export function shouldRetry(error: unknown, tryNumber: number, tries: number): error is ProviderError {
  return isProviderError(error) && error.kind === "retryable" && tryNumber < tries;
}

export function retryDelayMs(error: ProviderError | undefined, tryNumber: number): number {
  return error?.retryAfterMs ?? 500 * 2 ** (tryNumber - 1);
}
