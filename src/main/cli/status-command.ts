import { resolve } from "node:path";
import { BIBLE_HELP, type CliContext } from "./cli-context.ts";

export function registerStatusCommand({ program, session, print }: CliContext): void {
  program
    .command("status")
    .description("a run's shots, spend and open escalations (the latest run by default)")
    .argument("[run]", "run id (default: the latest run, of this bible with --bible)")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (run: string | undefined, options: { json?: boolean; bible?: string }) => {
      const { status } = await import("../../../commands/status.ts");
      const app = await session.app();
      await print(
        await status(
          await session.db(),
          { run, bible: options.bible ? app.openBible().uri : undefined, options: session.typed() },
          { stopFile: resolve(app.config.CONTINUITY_STOP_FILE) },
        ),
        options.json,
      );
    });
}
