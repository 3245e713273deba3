import { BIBLE_HELP, type CliContext } from "./cli-context.ts";

export function registerBibleCommands({ program, session, print }: CliContext): void {
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
    .action(async (options: { bible?: string; json?: boolean }) => {
      const { bibleCheck } = await import("../../../commands/bible-check.ts");
      await print(
        await bibleCheck(await session.app(), { bible: options.bible, options: session.typed() }),
        options.json,
      );
    });
  bible
    .command("lock")
    .description(
      "record the content hash of every reference and manifest; runs validate against this version",
    )
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (options: { bible?: string; json?: boolean }) => {
      const { bibleLock } = await import("../../../commands/bible-lock.ts");
      const app = await session.app();
      await print(
        await bibleLock(app, {
          bible: options.bible,
          by: app.config.CONTINUITY_USER,
          options: session.typed(),
        }),
        options.json,
      );
    });
}
