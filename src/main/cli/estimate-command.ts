import { BIBLE_HELP, type CliContext } from "./cli-context.ts";

export function registerEstimateCommand({ program, session, print }: CliContext): void {
  program
    .command("estimate")
    .description("what a scope should cost, expected and worst case under the caps; spends nothing")
    .argument("<scope>", "a shot, list, range or scene")
    .option("--budget <usd>", "the per-run cap to compare against")
    .option("--frames", "estimate for start+end-frame mode")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (scope: string, options: { budget?: string; frames?: boolean; json?: boolean }) => {
      const { estimate } = await import("../../../commands/estimate.ts");
      await print(
        await estimate(await session.runtime({ quiet: true, planOnly: true }), {
          scope,
          budget: options.budget,
          frames: options.frames === true,
        }),
        options.json,
      );
    });
}
