import type { CliContext } from "./cli-context.ts";

export function registerSpendCommand({ program, session, print }: CliContext): void {
  program
    .command("spend")
    .description("what was spent on a day, by provider and model, with halts and escalations")
    .option("--day <YYYY-MM-DD>", "the day (default today in CONTINUITY_TIMEZONE)")
    .option("--json", "print one JSON object")
    .action(async (options: { day?: string; json?: boolean }) => {
      const { spend } = await import("../../../commands/spend.ts");
      const app = await session.app();
      await print(
        await spend(
          await session.db(),
          { day: options.day },
          { now: new Date(), timezone: app.config.CONTINUITY_TIMEZONE },
        ),
        options.json,
      );
    });
}
