import type { CliContext } from "./cli-context.ts";

export function registerReportCommand({ program, session, print }: CliContext): void {
  program
    .command("report")
    .description(
      "write a self-contained HTML page for a run: every attempt's thumbnails, score tables, verdicts, blame and cost",
    )
    .argument("[run]", "run id, as render and status show it (default: the latest run)")
    .option("--out <dir>", "folder to write it to (default .continuity/reports)")
    .option("--json", "print one JSON object")
    .action(async (run: string | undefined, options: { out?: string; json?: boolean }) => {
      const [{ report }, { composeReportDeps }] = await Promise.all([
        import("../../../commands/report.ts"),
        import("../compose/command-deps.ts"),
      ]);
      const deps = await composeReportDeps(await session.app());
      await print(await report(deps, { run, out: options.out }), options.json);
    });
}
