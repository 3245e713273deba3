import { resolve } from "node:path";
import { Command, CommanderError } from "commander";
import type { CommandView } from "../../commands/command-view.ts";
import { describeDatabaseFailure } from "../../db/database-url.ts";
import { describeError, exitCodeFor, isAppError } from "../core/app-error.ts";
import { registerAuditCommand } from "./cli/audit-command.ts";
import { registerBenchCommand } from "./cli/bench-command.ts";
import { registerBibleCommands } from "./cli/bible-command.ts";
import { registerBotCommands } from "./cli/bot-commands.ts";
import { registerCalibrateCommand } from "./cli/calibrate-command.ts";
import type { CliContext } from "./cli/cli-context.ts";
import { createCliSession } from "./cli/cli-session.ts";
import { registerDecideCommands } from "./cli/decide-commands.ts";
import { registerDemoCommand } from "./cli/demo-command.ts";
import { registerEstimateCommand } from "./cli/estimate-command.ts";
import { registerInitCommand } from "./cli/init-command.ts";
import { registerModelsCommand } from "./cli/models-command.ts";
import { registerRenderCommand } from "./cli/render-command.ts";
import { registerReportCommand } from "./cli/report-command.ts";
import { registerResumeCommand } from "./cli/resume-command.ts";
import { registerSpendCommand } from "./cli/spend-command.ts";
import { registerStatusCommand } from "./cli/status-command.ts";
import { registerStopCommand } from "./cli/stop-command.ts";
import { registerValidateCommand } from "./cli/validate-command.ts";
import { registerWorkerCommand } from "./cli/worker-command.ts";
import { loadEnv } from "./load-env.ts";

/** In help order. Each module imports its command's code only when that command runs. */
const REGISTRATIONS: ((cli: CliContext) => void)[] = [
  registerInitCommand,
  registerBibleCommands,
  registerRenderCommand,
  registerValidateCommand,
  registerEstimateCommand,
  registerModelsCommand,
  registerAuditCommand,
  registerCalibrateCommand,
  registerStatusCommand,
  registerSpendCommand,
  registerStopCommand,
  registerResumeCommand,
  registerDecideCommands,
  registerReportCommand,
  registerBenchCommand,
  registerDemoCommand,
  registerBotCommands,
  registerWorkerCommand,
];

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Where `.env` is read and where `init` may create one. */
  cwd: string;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: {},
  cwd: process.cwd(),
};

/** Read from the environment itself: the configuration may be the very thing that failed to parse. */
const debugging = (env: Record<string, string | undefined>) =>
  ["1", "true", "yes"].includes(env.CONTINUITY_DEBUG ?? "");

/**
 * The terminal front end. Exit codes: 0 ok, 1 the thing checked is not ok (bible errors, a run
 * that did not finish), 2 the request itself was wrong or failed (bad argument, bad config).
 */
export async function main(argv: string[], io: Partial<Io> = {}): Promise<number> {
  const { out, err, cwd } = { ...defaultIo, ...io };
  const env = io.env ?? loadEnv(resolve(cwd, ".env"));
  let exitCode = 0;
  // A driver's promise nobody awaited (postgres.js rejects them when a connection drops) must not
  // end a render, a worker or the bot: the work that mattered is retried by whoever awaited it.
  const onStrayRejection = (reason: unknown) => {
    const { code, message } = describeError(describeDatabaseFailure(reason, env.DATABASE_URL));
    err(`warning ${code}: ${message} (nothing waited for it; carrying on)`);
  };
  // Only a real process's entry point (bin/continuity.mjs passes no io) owns process-wide handlers.
  const ownsProcess = io.env === undefined;
  if (ownsProcess) process.on("unhandledRejection", onStrayRejection);
  // postgres.js (3.4) can fire a write it scheduled after the server cut the connection and it
  // dropped the socket (a TypeError in its nextWrite). The connection is gone either way and its
  // queries were rejected and retried, so only that one error is let pass; any other still ends
  // the process as an uncaught exception does.
  const onStrayException = (error: Error) => {
    if (error instanceof TypeError && /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? "")) {
      err(`warning DATABASE_UNREACHABLE: a database connection was cut (${error.message}); carrying on`);
      return;
    }
    err(`error INTERNAL: ${error.stack ?? error.message}`);
    process.exit(1);
  };
  if (ownsProcess) process.on("uncaughtException", onStrayException);
  const session = createCliSession(env, err);
  // Under --json every outcome is one JSON object on stdout, errors included (scripts read one stream).
  const json = argv.includes("--json");
  const print = async (result: CommandView, json: boolean | undefined) => {
    // Progress lines still being looked up come before the result, never after it.
    await session.flushed();
    out(json ? JSON.stringify(result.data, null, 2) : result.text);
    exitCode = result.exitCode;
  };

  const program = new Command("continuity")
    .description("A self-correcting production pipeline for AI film, validated against a locked Asset Bible.")
    .exitOverride()
    .configureOutput({ writeOut: (text) => out(text.trimEnd()), writeErr: (text) => err(text.trimEnd()) })
    .showHelpAfterError(!json);
  program.hook("preAction", (_program, action) => {
    const chosen = (action.opts() as { bible?: unknown }).bible;
    if (typeof chosen === "string" && chosen.trim()) session.chooseBible(chosen.trim());
  });
  const cli: CliContext = {
    program,
    session,
    out,
    err,
    env,
    cwd,
    json,
    print,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  for (const register of REGISTRATIONS) register(cli);

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = error.exitCode === 0 ? 0 : 2;
      if (json && exitCode !== 0) out(JSON.stringify({ error: commanderError(error) }, null, 2));
    } else {
      const described = describeError(error);
      exitCode = exitCodeFor(error);
      if (json) out(JSON.stringify({ error: { ...described, ...detailsOf(error), exitCode } }, null, 2));
      else err(`error ${described.code}: ${described.message}`);
      if (debugging(env)) err((error as Error)?.stack ?? String(error));
    }
  } finally {
    await session.close();
    process.off("unhandledRejection", onStrayRejection);
    process.off("uncaughtException", onStrayException);
  }
  return exitCode;
}

/** Commander's own refusals (unknown option, missing argument) as the same error object as any other. */
function commanderError(error: CommanderError): { code: string; message: string; exitCode: 2 } {
  const message = error.message.replace(/^error: /, "");
  return {
    code: error.code === "commander.unknownCommand" ? "UNKNOWN_COMMAND" : "INVALID_ARGUMENT",
    message,
    exitCode: 2,
  };
}

/** An AppError's details, minus anything that would clash with the fixed fields. */
function detailsOf(error: unknown): Record<string, unknown> {
  if (!isAppError(error)) return {};
  const { code: _code, message: _message, ...rest } = error.details;
  return rest;
}
