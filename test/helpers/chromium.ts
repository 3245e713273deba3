import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Chromium comes from the Debian package, not from a Playwright download. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

const SKIP_VARIABLE = "CONTINUITY_SKIP_BROWSER_TESTS";

export type BrowserAvailability = { available: true } | { available: false; skip: boolean; reason: string };

/**
 * Whether browser checks can run. A machine without Chromium fails them, so a fresh CI machine
 * cannot pass by silently checking nothing; skipping has to be asked for by name.
 */
export function browserAvailability(): BrowserAvailability {
  if (existsSync(CHROMIUM_PATH)) return { available: true };
  const skip = process.env[SKIP_VARIABLE] === "1";
  const reason = skip
    ? `no Chromium at ${CHROMIUM_PATH}; browser checks skipped because ${SKIP_VARIABLE}=1`
    : `no Chromium at ${CHROMIUM_PATH}: install it (apt-get update && apt-get install -y chromium), or set ${SKIP_VARIABLE}=1 to skip browser checks`;
  return { available: false, skip, reason };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
