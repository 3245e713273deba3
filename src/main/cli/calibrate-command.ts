import type { CliContext } from "./cli-context.ts";

export function registerCalibrateCommand({ program, session, print }: CliContext): void {
  program
    .command("calibrate")
    .description(
      "how the thresholds agree with the team's approve/reject decisions, the best-agreeing threshold per criterion, a ready CONTINUITY_THRESHOLDS= line",
    )
    .option("--since <YYYY-MM-DD>", "only decisions from this day on")
    .option("--json", "print one JSON object")
    .action(async (options: { since?: string; json?: boolean }) => {
      const { calibrate } = await import("../../../commands/calibrate.ts");
      const app = await session.app();
      await print(
        await calibrate(await session.db(), app.config.CONTINUITY_THRESHOLDS, options),
        options.json,
      );
    });
}
