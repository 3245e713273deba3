import { BIBLE_HELP, type CliContext } from "./cli-context.ts";

export function registerAuditCommand({ program, session, print }: CliContext): void {
  program
    .command("audit")
    .description("validate the panels the manifest already names against the locked bible; generates nothing")
    .argument("<scope>", "a shot, list, range or scene")
    .option("--budget <usd>", "cap for the judge calls")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--json", "print one JSON object")
    .action(async (scope: string, options: { budget?: string; json?: boolean }) => {
      const { audit } = await import("../../../commands/audit.ts");
      await print(
        await audit(await session.runtime({ quiet: true, planOnly: true }), {
          scope,
          budget: options.budget,
          requestedBy: await session.user(),
        }),
        options.json,
      );
    });
}
