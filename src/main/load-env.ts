import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/** The process environment over an optional .env file: a variable set in the shell always wins. */
export function loadEnv(path = ".env"): Record<string, string | undefined> {
  const fromFile = existsSync(path) ? parseEnv(readFileSync(path, "utf8")) : {};
  return { ...fromFile, ...process.env };
}
