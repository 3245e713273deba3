import { spawn } from "node:child_process";

export interface CliProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the guard had to kill it: the command hung. */
  hung: boolean;
}

/**
 * Runs the real CLI (bin/continuity.mjs) as a child process and waits for it to exit. `guardMs`
 * is a hang guard, not a speed target: a command still running after it is killed and reported.
 */
export function runCliProcess(
  env: Record<string, string>,
  argv: string[],
  guardMs = 90_000,
): Promise<CliProcessResult> {
  const child = spawn(process.execPath, ["bin/continuity.mjs", ...argv], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  let hung = false;
  const guard = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, guardMs);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, hung });
    }),
  );
}
