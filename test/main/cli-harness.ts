import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/main/cli.ts";

/** Runs the real CLI entry point in-process, with its own data folder and environment. */
export async function createCli(extraEnv: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "continuity-cli-"));
  const env: Record<string, string> = {
    CONTINUITY_DATA_DIR: join(dir, "data"),
    CONTINUITY_BIBLE: join(dir, "bible"),
    CONTINUITY_STOP_FILE: join(dir, "STOP"),
    CONTINUITY_USER: "ana",
    ...extraEnv,
  };
  /** Runs in a working folder (where `.env` is read and `init` may write one). */
  const runIn = async (cwd: string, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      env,
      cwd,
    });
    return { code, out: out.join("\n"), err: err.join("\n"), json: () => JSON.parse(out.join("\n")) };
  };
  return {
    dir,
    env,
    run: (...argv: string[]) => runIn(dir, ...argv),
    runIn,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
