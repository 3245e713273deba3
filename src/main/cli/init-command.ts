import { resolve } from "node:path";
import type { CliContext } from "./cli-context.ts";

export function registerInitCommand({ program, session, cwd, json, print }: CliContext): void {
  program
    .command("init")
    .description(
      "create a bible; --demo draws the demo bible of the field report (seven characters, four locations, scene1)",
    )
    .argument("[dir]", "where to write it (a folder or s3://bucket/prefix); default CONTINUITY_BIBLE")
    .requiredOption("--demo", "draw the demo bible (the only kind init makes)")
    .option("--json", "print one JSON object")
    .action(async (dir: string | undefined) => {
      const [{ initDemo }, { composeInitDemoDeps }] = await Promise.all([
        import("../../../commands/init-demo.ts"),
        import("../compose/command-deps.ts"),
      ]);
      const deps = await composeInitDemoDeps(await session.app());
      await print(await initDemo(deps, { dir, envFile: resolve(cwd, ".env") }), json);
    });
}
