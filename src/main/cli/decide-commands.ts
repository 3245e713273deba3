import { BIBLE_HELP, type CliContext } from "./cli-context.ts";

export function registerDecideCommands({ program, session, print }: CliContext): void {
  for (const decision of ["approve", "reject"] as const) {
    program
      .command(decision)
      .description(
        decision === "approve"
          ? "accept an escalated attempt; the shot continues from it"
          : "fail an escalated shot",
      )
      .argument("<escalation>", "escalation id, as status shows it")
      .option("--bible <uri>", BIBLE_HELP)
      .option("--json", "print one JSON object")
      .action(async (id: string, options: { json?: boolean }) => {
        const { decide } = await import("../../../commands/decide.ts");
        const runtime = await session.runtime({ quiet: options.json });
        await print(await decide(runtime, decision, { id, by: await session.user() }), options.json);
      });
  }
}
