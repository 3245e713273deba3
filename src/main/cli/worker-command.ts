import { BIBLE_HELP, type CliContext } from "./cli-context.ts";

export function registerWorkerCommand({ program, session, err, setExitCode }: CliContext): void {
  program
    .command("worker")
    .description(
      "work on queued shots until interrupted (Ctrl-C); any number of workers may share one PostgreSQL database",
    )
    .option("--bible <uri>", BIBLE_HELP)
    .action(async () => {
      const { runWorker } = await import("../run-worker.ts");
      setExitCode(await runWorker(await session.runtime({ quiet: false }), err));
    });
}
