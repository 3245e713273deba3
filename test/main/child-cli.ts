import { spawn } from "node:child_process";

/** Starts the real CLI in a child process, so it can be killed with SIGKILL or paused with SIGSTOP like a real machine. */
export function startChild(env: Record<string, string>, ...argv: string[]) {
  const child = spawn(process.execPath, ["bin/continuity.mjs", ...argv], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}
