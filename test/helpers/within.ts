import { setTimeout as delay } from "node:timers/promises";

/** A hang is a failure with a message, not a test that never ends. */
export async function within<T>(what: string, work: Promise<T>, ms = 90_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it answers, or fails after `ms` with what was awaited and the output so far. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  output: () => string,
  ms = 120_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output()}`);
    await delay(everyMs);
  }
}
