import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "../ports/clock.ts";

export function createSystemClock(): Clock {
  return {
    now: () => new Date(),
    sleep: async (ms, signal) => {
      await delay(ms, undefined, signal ? { signal } : undefined);
    },
  };
}
