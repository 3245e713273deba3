import { Command, CommanderError } from "commander";
import type { CommandView } from "../../commands/command-view.ts";
import { bibleCheck } from "../../commands/bible-check.ts";
import { bibleLock } from "../../commands/bible-lock.ts";
import { initDemo } from "../../commands/init-demo.ts";
import { type App, composeApp } from "../compose.ts";
import { loadConfig } from "../config.ts";
import { describeError } from "../core/app-error.ts";
import { loadEnv } from "./load-env.ts";

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: {},
};

/**
 * The terminal front end. Exit codes: 0 ok, 1 the thing checked is not ok (bible errors, a run
 * that did not finish), 2 the request itself was wrong or failed (bad argument, bad config).
 */
export async function main(argv: string[], io: Partial<Io> = {}): Promise<number> {
  const { out, err } = { ...defaultIo, ...io };
  const env = io.env ?? loadEnv();
  let exitCode = 0;
  let app: App | undefined;
  const withApp = () => {
    app ??= composeApp(loadConfig(env));
    return app;
  };
  const print = (result: CommandView, json: boolean | undefined) => {
    out(json ? JSON.stringify(result.data, null, 2) : result.text);
    exitCode = result.exitCode;
  };

  const program = new Command("continuity")
    .description("A self-correcting production pipeline for AI film, validated against a locked Asset Bible.")
    .exitOverride()
    .configureOutput({ writeOut: (text) => out(text.trimEnd()), writeErr: (text) => err(text.trimEnd()) })
    .showHelpAfterError();

  program
    .command("init")
    .description("create a bible; --demo draws the demo bible of the field report (seven characters, four locations, scene1)")
    .argument("[dir]", "where to write it (a folder or s3://bucket/prefix); default CONTINUITY_BIBLE")
    .requiredOption("--demo", "draw the demo bible (the only kind init makes)")
    .action(async (dir: string | undefined) => print(await initDemo(withApp(), { dir }), false));

  const bible = program.command("bible").description("the Asset Bible: roster, references, lock and problems");
  bible
    .command("check")
    .description("list roster, locations, scenes and lock state, and every problem with its key (exit 1 on errors)")
    .option("--bible <uri>", "bible location: a folder or s3://bucket/prefix (default CONTINUITY_BIBLE)")
    .option("--json", "print one JSON object")
    .action(async (options: { bible?: string; json?: boolean }) =>
      print(await bibleCheck(withApp(), { bible: options.bible }), options.json),
    );
  bible
    .command("lock")
    .description("record the content hash of every reference and manifest; runs validate against this version")
    .option("--bible <uri>", "bible location (default CONTINUITY_BIBLE)")
    .option("--json", "print one JSON object")
    .action(async (options: { bible?: string; json?: boolean }) =>
      print(await bibleLock(withApp(), { bible: options.bible, by: withApp().config.CONTINUITY_USER }), options.json),
    );

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      exitCode = error.exitCode === 0 ? 0 : 2;
    } else {
      const { code, message } = describeError(error);
      err(`error ${code}: ${message}`);
      exitCode = 2;
    }
  } finally {
    await app?.close();
  }
  return exitCode;
}
