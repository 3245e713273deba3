import { resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { z } from "zod";
import { audit } from "../../commands/audit.ts";
import { bibleCheck } from "../../commands/bible-check.ts";
import { bibleLock } from "../../commands/bible-lock.ts";
import { calibrate } from "../../commands/calibrate.ts";
import type { CommandView } from "../../commands/command-view.ts";
import { decide } from "../../commands/decide.ts";
import { estimate } from "../../commands/estimate.ts";
import { initDemo } from "../../commands/init-demo.ts";
import { models } from "../../commands/models.ts";
import { parseArgs } from "../../commands/parse-args.ts";
import { render } from "../../commands/render.ts";
import { report } from "../../commands/report.ts";
import { resume } from "../../commands/resume.ts";
import { spend } from "../../commands/spend.ts";
import { status } from "../../commands/status.ts";
import { stop } from "../../commands/stop.ts";
import { validate } from "../../commands/validate.ts";
import { describeDatabaseFailure } from "../../db/database-url.ts";
import { runSpend } from "../../db/queries/spend.ts";
import type { Runtime } from "../app/runtime.ts";
import { runBench } from "../bench/run-bench.ts";
import { registerFromConfig } from "../bot/discord/register-commands.ts";
import { startBot } from "../bot/start-bot.ts";
import { type App, composeApp } from "../compose.ts";
import { composeRuntime } from "../compose-runtime.ts";
import { loadConfig } from "../config.ts";
import { describeError, exitCodeFor, isAppError } from "../core/app-error.ts";
import { loadEnv } from "./load-env.ts";
import { runDemo } from "./run-demo.ts";
import { runWorker } from "./run-worker.ts";
import { ledgerCommitted, terminalProgress } from "./terminal-progress.ts";

const BIBLE_HELP = "bible location: a folder or s3://bucket/prefix (default CONTINUITY_BIBLE)";

const benchArgsSchema = z.object({
  shots: z.coerce.number().int().min(2).max(500),
  panelFaultRate: z.coerce.number().min(0).max(1),
  videoFaultRate: z.coerce.number().min(0).max(1),
  seed: z.coerce.number().int().min(0),
  maxDuration: z.coerce.number().min(1).max(60),
});

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
  let app: App | undefined;
  let runtime: Runtime | undefined;
  let progress: ReturnType<typeof terminalProgress> | undefined;
  // Under --json every outcome is one JSON object on stdout, errors included (scripts read one stream).
  const json = argv.includes("--json");
  // `--bible` on any command stands in for CONTINUITY_BIBLE, so every command of one session names one bible.
  let bibleOption: string | undefined;
  const withApp = () => {
    app ??= composeApp(loadConfig(bibleOption ? { ...env, CONTINUITY_BIBLE: bibleOption } : env));
    return app;
  };
  const withRuntime = async (quiet?: boolean) => {
    if (!runtime) {
      const database = await withApp().database();
      progress = quiet
        ? undefined
        : terminalProgress(
            err,
            ledgerCommitted((id) => runSpend(database.db, id)),
          );
      runtime = await composeRuntime(withApp(), progress ?? (() => {}));
    }
    return runtime;
  };
  const db = async () => (await withApp().database()).db;
  const user = () => withApp().config.CONTINUITY_USER;
  // The options a suggested next command needs to reach the same bible, as the user typed them.
  const typed = () => (bibleOption ? `--bible ${shellWord(bibleOption)}` : "");
  const print = async (result: CommandView, json: boolean | undefined) => {
    // Progress lines still being looked up come before the result, never after it.
    await progress?.flushed();
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
    if (typeof chosen === "string" && chosen.trim()) bibleOption = chosen.trim();
  });

  program
    .command("init")
    .description(
      "create a bible; --demo draws the demo bible of the field report (seven characters, four locations, scene1)",
    )
    .argument("[dir]", "where to write it (a folder or s3://bucket/prefix); default CONTINUITY_BIBLE")
    .requiredOption("--demo", "draw the demo bible (the only kind init makes)")
    .option("--json", "print one JSON object")
    .action(async (dir: string | undefined) =>
      print(await initDemo(withApp(), { dir, envFile: resolve(cwd, ".env") }), json),
    );

  const bible = program
    .command("bible")
    .description("the Asset Bible: roster, references, lock and problems");
  bible
    .command("check")
    .description(
      "list roster, locations, scenes and lock state, and every problem with its key (exit 1 on errors)",
    )
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (options: { bible?: string; json?: boolean }) =>
      print(await bibleCheck(withApp(), { bible: options.bible, options: typed() }), options.json),
    );
  bible
    .command("lock")
    .description(
      "record the content hash of every reference and manifest; runs validate against this version",
    )
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (options: { bible?: string; json?: boolean }) =>
      print(
        await bibleLock(withApp(), {
          bible: options.bible,
          by: withApp().config.CONTINUITY_USER,
          options: typed(),
        }),
        options.json,
      ),
    );

  program
    .command("render")
    .description(
      "run the gated pipeline for a scope: a shot (1A), a list (1A,1C), a range (1A-1D) or a scene (scene1)",
    )
    .argument("<scope>", "what to render")
    .option("--budget <usd>", "the per-run cap in dollars (default CONTINUITY_RUN_CAP_USD)")
    .option("--frames", "start+end-frame mode: an end panel per shot, and the clip must arrive at it")
    .option("--bible <uri>", BIBLE_HELP)
    .option(
      "--json",
      "print one JSON object: run id, status, estimate, spent, and per shot its status, attempts, latest scores and blame",
    )
    .action(async (scope: string, options: { budget?: string; frames?: boolean; json?: boolean }) => {
      const rt = await withRuntime(options.json);
      await print(
        await render(
          rt,
          {
            scope,
            budget: options.budget,
            frames: options.frames === true,
            requestedBy: user(),
            options: typed(),
          },
          {
            onStart: (info) => {
              err(
                `run ${info.runId}: estimate ${info.expectedUsd} expected, ${info.worstUsd} worst case; cap ${info.capUsd}${info.durationChanges.map((change) => `\n  renders ${change}`).join("")}`,
              );
              if (info.warning) err(`warning: ${info.warning}`);
            },
          },
        ),
        options.json,
      );
    });
  program
    .command("validate")
    .description(
      "score any image file against a shot: fitted to the frame as the panel stage fits it, the free tier, then the configured judge (exit 0 pass, 1 fail)",
    )
    .requiredOption("--shot <id>", "the shot the image is for, e.g. 1A")
    .requiredOption("--image <file>", "the image to score (PNG or JPEG)")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--free-only", "the free tier only: no judge, nothing spent")
    .option(
      "--json",
      "print one JSON object: every finding (decisive or advisory), who decided each criterion, the verdict",
    )
    .action(
      async (options: { shot: string; image: string; bible?: string; freeOnly?: boolean; json?: boolean }) =>
        print(
          await validate(
            {
              app: withApp(),
              runtime: () => withRuntime(true),
              ffmpegPath: (await import("@ffmpeg-installer/ffmpeg")).default.path,
              requestedBy: user(),
            },
            options,
          ),
          options.json,
        ),
    );
  program
    .command("estimate")
    .description("what a scope should cost, expected and worst case under the caps; spends nothing")
    .argument("<scope>", "a shot, list, range or scene")
    .option("--budget <usd>", "the per-run cap to compare against")
    .option("--frames", "estimate for start+end-frame mode")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (scope: string, options: { budget?: string; frames?: boolean; json?: boolean }) =>
      print(
        await estimate(await withRuntime(true), {
          scope,
          budget: options.budget,
          frames: options.frames === true,
        }),
        options.json,
      ),
    );
  program
    .command("models")
    .description(
      "for each role (panel, judge, video): the configured provider and model, its prices and what it can make",
    )
    .option("--json", "print one JSON object")
    .action(async (options: { json?: boolean }) => print(models(await withRuntime(true)), options.json));
  program
    .command("audit")
    .description("validate the panels the manifest already names against the locked bible; generates nothing")
    .argument("<scope>", "a shot, list, range or scene")
    .option("--budget <usd>", "cap for the judge calls")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (scope: string, options: { budget?: string; json?: boolean }) =>
      print(
        await audit(await withRuntime(true), { scope, budget: options.budget, requestedBy: user() }),
        options.json,
      ),
    );
  program
    .command("calibrate")
    .description(
      "how the thresholds agree with the team's approve/reject decisions, the best-agreeing threshold per criterion, a ready CONTINUITY_THRESHOLDS= line",
    )
    .option("--since <YYYY-MM-DD>", "only decisions from this day on")
    .option("--json", "print one JSON object")
    .action(async (options: { since?: string; json?: boolean }) =>
      print(await calibrate(await db(), withApp().config.CONTINUITY_THRESHOLDS, options), options.json),
    );
  program
    .command("status")
    .description("a run's shots, spend and open escalations (the latest run by default)")
    .argument("[run]", "run id (default: the latest run, of this bible with --bible)")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (run: string | undefined, options: { json?: boolean; bible?: string }) =>
      print(
        await status(
          await db(),
          { run, bible: options.bible ? withApp().openBible().uri : undefined, options: typed() },
          { stopFile: resolve(withApp().config.CONTINUITY_STOP_FILE) },
        ),
        options.json,
      ),
    );
  program
    .command("spend")
    .description("what was spent on a day, by provider and model, with halts and escalations")
    .option("--day <YYYY-MM-DD>", "the day (default today in CONTINUITY_TIMEZONE)")
    .option("--json", "print one JSON object")
    .action(async (options: { day?: string; json?: boolean }) =>
      print(
        await spend(
          await db(),
          { day: options.day },
          { now: new Date(), timezone: withApp().config.CONTINUITY_TIMEZONE },
        ),
        options.json,
      ),
    );
  program
    .command("stop")
    .description(
      "kill switch: no new paid action starts anywhere; in-flight work is abandoned within seconds",
    )
    .option("--json", "print one JSON object")
    .action(async (options: { json?: boolean }) =>
      print(await stop(await db(), { by: user() }), options.json),
    );
  program
    .command("resume")
    .description("lift the stop flag and carry interrupted runs (stopped, or cut off by a crash) to the end")
    .argument("[run]", "only this run")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (run: string | undefined, options: { json?: boolean }) =>
      print(
        await resume(await withRuntime(options.json), {
          run,
          by: user(),
          stopFile: withApp().config.CONTINUITY_STOP_FILE,
        }),
        options.json,
      ),
    );
  for (const decision of ["approve", "reject"] as const) {
    program
      .command(decision)
      .description(
        decision === "approve"
          ? "accept an escalated attempt; the shot continues from it"
          : "fail an escalated shot",
      )
      .argument("<escalation>", "escalation id, as status shows it")
      .option("--bible <uri>", BIBLE_HELP)
      .option("--json", "print one JSON object")
      .action(async (id: string, options: { json?: boolean }) =>
        print(await decide(await withRuntime(options.json), decision, { id, by: user() }), options.json),
      );
  }
  program
    .command("report")
    .description(
      "write a self-contained HTML page for a run: every attempt's thumbnails, score tables, verdicts, blame and cost",
    )
    .argument("[run]", "run id, as render and status show it (default: the latest run)")
    .option("--out <dir>", "folder to write it to (default .continuity/reports)")
    .option("--json", "print one JSON object")
    .action(async (run: string | undefined, options: { out?: string; json?: boolean }) => {
      const deps = { db: await db(), artifacts: withApp().artifacts() };
      await print(await report(deps, { run, out: options.out }), options.json);
    });
  program
    .command("bench")
    .description(
      "the cost benchmark (npm run bench): a synthetic production gated at every stage, gated only at video, and an oracle",
    )
    .option("--shots <n>", "shots in the synthetic production", "60")
    .option("--panel-fault-rate <rate>", "share of panels the offline generator draws off-model", "0.3")
    .option("--video-fault-rate <rate>", "share of clips the offline video model gets wrong", "0.15")
    .option("--seed <n>", "the offline providers' seed", "1")
    .option("--max-duration <s>", "longest shot, in seconds", "6")
    .action(async (options: Record<string, string>) => {
      const parsed = parseArgs(benchArgsSchema, options, "bench");
      await runBench(parsed, out);
    });
  program
    .command("demo")
    .description(
      "the offline demo (npm start): draw the demo bible, render scene1 through every gate, show a budget halt",
    )
    .action(async () => {
      exitCode = await runDemo(env, out);
    });
  program
    .command("bot")
    .description(
      "run the chat bot on Slack and/or Discord, whichever is configured; it also works queued shots",
    )
    .action(async () => {
      const running = await startBot(withApp(), withApp().config, { log: (line) => err(`bot: ${line}`) });
      err(
        `continuity bot on ${running.platforms.join(" and ")}; Ctrl-C stops it (runs carry on from the database)`,
      );
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      err("bot stopping");
      await running.stop();
    });
  const discord = program.command("discord").description("Discord set-up");
  discord
    .command("register")
    .description(
      "install the slash commands: in DISCORD_GUILD_ID at once, or globally (up to an hour) when unset",
    )
    .action(async () => out(await registerFromConfig(withApp().config)));
  program
    .command("worker")
    .description(
      "work on queued shots until interrupted (Ctrl-C); any number of workers may share one PostgreSQL database",
    )
    .option("--bible <uri>", BIBLE_HELP)
    .action(async () => {
      exitCode = await runWorker(await withRuntime(false), err);
    });

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
    await runtime?.close();
    await app?.close();
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

/** A word a shell takes as one argument. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
