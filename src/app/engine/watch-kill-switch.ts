import { AppError } from "../../core/app-error.ts";
import type { KillSwitch } from "../../ports/kill-switch.ts";

/** An AbortSignal that fires when the kill switch turns on, checked every `intervalMs`. */
export function watchKillSwitch(
  killSwitch: KillSwitch,
  intervalMs: number,
  parent?: AbortSignal,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener("abort", onParentAbort, { once: true });
  const timer = setInterval(() => {
    killSwitch
      .reason()
      .then((why) => {
        if (why) controller.abort(new AppError("STOPPED", `kill switch: ${why}`));
      })
      .catch(() => {});
  }, intervalMs);
  timer.unref();
  return {
    signal: controller.signal,
    dispose() {
      clearInterval(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
