import { BIBLE_HELP, type CliContext } from "./cli-context.ts";

export function registerResumeCommand({ program, session, print }: CliContext): void {
  program
    .command("resume")
    .description("lift the stop flag and carry interrupted runs (stopped, or cut off by a crash) to the end")
    .argument("[run]", "only this run")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (run: string | undefined, options: { json?: boolean }) => {
      const { resume } = await import("../../../commands/resume.ts");
      const runtime = await session.runtime({ quiet: options.json });
      const app = await session.app();
      await print(
        await resume(runtime, { run, by: await session.user(), stopFile: app.config.CONTINUITY_STOP_FILE }),
        options.json,
      );
    });
}
