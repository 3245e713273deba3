import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "./package-root.ts";

/** One command's start-up: the median wall time, and that as a multiple of `node -e ""`'s. */
export interface StartupFigure {
  seconds: number;
  ratio: number;
}

export interface StartupFigures {
  runs: number;
  node: { seconds: number };
  help: StartupFigure;
  renderHelp: StartupFigure;
  status: StartupFigure;
  estimate: StartupFigure;
}

const RUNS = 5;

/** Wall seconds from spawn to exit: what a user waits for. */
function timed(
  args: string[],
  env: Record<string, string>,
): Promise<{ seconds: number; code: number | null }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ seconds: (performance.now() - started) / 1000, code }));
  });
}

async function median(args: string[], env: Record<string, string>): Promise<number> {
  const seconds: number[] = [];
  for (let run = 0; run < RUNS; run++) seconds.push((await timed(args, env)).seconds);
  seconds.sort((a, b) => a - b);
  return seconds[Math.floor(RUNS / 2)] as number;
}

/**
 * Start-up of the real CLI in child processes, next to `node -e ""` measured in the same run on
 * the same machine: `--help`, `render --help`, and `status` and `estimate 1A` on a fresh embedded
 * database holding the demo bible (status finds no run yet; estimate plans against the lock).
 */
export async function startupFigures(): Promise<StartupFigures> {
  const bin = join(packageRoot(), "bin", "continuity.mjs");
  const dir = await mkdtemp(join(tmpdir(), "continuity-startup-"));
  const env = {
    CONTINUITY_DATA_DIR: join(dir, "data"),
    CONTINUITY_BIBLE: join(dir, "bible"),
    CONTINUITY_STOP_FILE: join(dir, "STOP"),
    CONTINUITY_USER: "bench",
  };
  try {
    // Not timed: a build made if a source changed, the database created, the bible drawn and locked.
    for (const argv of [["--help"], ["init", "--demo"], ["bible", "lock"]]) {
      const { code } = await timed([bin, ...argv], env);
      if (code !== 0) throw new Error(`continuity ${argv.join(" ")} exited ${code}`);
    }
    const node = await median(["-e", ""], env);
    const figure = async (...argv: string[]): Promise<StartupFigure> => {
      const seconds = await median([bin, ...argv], env);
      return { seconds: round(seconds), ratio: round(seconds / node, 1) };
    };
    return {
      runs: RUNS,
      node: { seconds: round(node) },
      help: await figure("--help"),
      renderHelp: await figure("render", "--help"),
      status: await figure("status"),
      estimate: await figure("estimate", "1A"),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

export function describeStartup(figures: StartupFigures): string[] {
  const line = (label: string, figure: StartupFigure) =>
    `  ${label.padEnd(16)}${figure.seconds.toFixed(2)} s   ${figure.ratio.toFixed(1)}x node -e ""`;
  return [
    `start-up, median of ${figures.runs} wall times (node -e "" takes ${figures.node.seconds.toFixed(2)} s here):`,
    line("--help", figures.help),
    line("render --help", figures.renderHelp),
    line("status", figures.status),
    line("estimate 1A", figures.estimate),
  ];
}
