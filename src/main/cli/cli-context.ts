import type { Command } from "commander";
import type { CommandView } from "../../../commands/command-view.ts";
import type { CliSession } from "./cli-session.ts";

/**
 * What a command's registration module gets: the program to add itself to, the session that
 * builds the App and Runtime on first use, and the terminal. A module imports its command's
 * implementation only inside its action, so `--help` loads the registrations and nothing else.
 */
export interface CliContext {
  program: Command;
  session: CliSession;
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Where `.env` is read and where `init` may create one. */
  cwd: string;
  /** True when the command line asks for JSON anywhere (errors then come out as JSON too). */
  json: boolean;
  /** Prints a command's result as text or JSON and takes its exit code. */
  print(result: CommandView, json: boolean | undefined): Promise<void>;
  setExitCode(code: number): void;
}

export const BIBLE_HELP = "bible location: a folder or s3://bucket/prefix (default CONTINUITY_BIBLE)";
