import type { CliContext } from "./cli-context.ts";

export function registerModelsCommand({ program, session, print }: CliContext): void {
  program
    .command("models")
    .description(
      "for each role (panel, judge, video): the configured provider and model, its prices and what it can make",
    )
    .option("--json", "print one JSON object")
    .action(async (options: { json?: boolean }) => {
      const { models } = await import("../../../commands/models.ts");
      await print(models(await session.runtime({ quiet: true, planOnly: true })), options.json);
    });
}
