import { ProviderError } from "../../core/provider-error.ts";

/**
 * One signal for a provider call that fires on the caller's cancellation (the kill switch) or on our
 * own time limit, and remembers which: a timed-out submission is "uncertain" (the provider may have
 * accepted and billed it), while a cancellation is the engine's own doing.
 *
 * The limit matters because @google/genai on Node installs an undici dispatcher without timeouts
 * and sets no deadline of its own, so without one a stalled connection waits forever.
 * Built by hand rather than with AbortSignal.any: the caller's signal lives for a whole run, and
 * every call must leave nothing attached to it once done (dispose).
 */
export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  dispose(): void;
}

export function deadline(caller: AbortSignal, timeoutMs: number): Deadline {
  const controller = new AbortController();
  let expired = false;
  // Whatever reason the caller aborted with, the call fails as an AbortError, which classifyFailure
  // understands; the caller's own reason stays on the caller's signal.
  const onCallerAbort = () => controller.abort(new DOMException("cancelled by the caller", "AbortError"));
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  timer.unref();
  if (caller.aborted) onCallerAbort();
  else caller.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired && !caller.aborted,
    dispose: () => {
      clearTimeout(timer);
      caller.removeEventListener("abort", onCallerAbort);
    },
  };
}

/** Nothing was sent yet, so repeating is safe: unlike a cancellation mid-call, this is not uncertain. */
export function throwIfCancelled(signal: AbortSignal, provider: string): void {
  if (signal.aborted) {
    throw new ProviderError(
      "PROVIDER_ABORTED",
      `${provider}: cancelled before the call was sent`,
      "retryable",
      undefined,
      {
        provider,
        sent: false,
      },
    );
  }
}
