/**
 * The kill switch: whether work must stop now. Checked before reserving, just before each
 * provider call and while polling. Stopping is cooperative (an AbortSignal, see
 * src/app/engine/watch-kill-switch.ts); no process is ever killed by a remembered PID.
 */
export interface KillSwitch {
  /** Why work must stop now, saying how to lift it, or undefined. */
  reason(): Promise<string | undefined>;
  /** Throws STOPPED when the switch is on. */
  assertRunning(): Promise<void>;
}
