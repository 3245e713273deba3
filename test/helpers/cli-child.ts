import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";

export interface CliChild {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  stdout(): string;
  /** Resolves once the output matches, or throws (with the output) after `guardMs`. */
  waitFor(pattern: RegExp, guardMs?: number): Promise<void>;
}

/** Starts the real CLI as a child process that keeps running, so tests can signal it like a user's machine. */
export function startCliChild(env: Record<string, string>, ...argv: string[]): CliChild {
  const child = spawn(process.execPath, ["bin/continuity.mjs", ...argv], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let stdout = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    stdout: () => stdout,
    async waitFor(pattern, guardMs = 120_000) {
      const deadline = Date.now() + guardMs;
      while (!pattern.test(output)) {
        if (child.exitCode !== null)
          throw new Error(`exited (${child.exitCode}) before ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${guardMs} ms:\n${output}`);
        await delay(100);
      }
    },
  };
}
