import type { CliContext } from "./cli-context.ts";

export function registerStopCommand({ program, session, print }: CliContext): void {
  program
    .command("stop")
    .description(
      "kill switch: no new paid action starts anywhere; in-flight work is abandoned within seconds",
    )
    .option("--json", "print one JSON object")
    .action(async (options: { json?: boolean }) => {
      const { stop } = await import("../../../commands/stop.ts");
      await print(await stop(await session.db(), { by: await session.user() }), options.json);
    });
}
