import { BIBLE_HELP, type CliContext } from "./cli-context.ts";

export function registerValidateCommand({ program, session, print }: CliContext): void {
  program
    .command("validate")
    .description(
      "score any image file against a shot: fitted to the frame as the panel stage fits it, the free tier, then the configured judge (exit 0 pass, 1 fail)",
    )
    .requiredOption("--shot <id>", "the shot the image is for, e.g. 1A")
    .requiredOption("--image <file>", "the image to score (PNG or JPEG)")
    .option("--bible <uri>", BIBLE_HELP)
    .option("--free-only", "the free tier only: no judge, nothing spent")
    .option(
      "--json",
      "print one JSON object: every finding (decisive or advisory), who decided each criterion, the verdict",
    )
    .action(
      async (options: {
        shot: string;
        image: string;
        bible?: string;
        freeOnly?: boolean;
        json?: boolean;
      }) => {
        const [{ validate }, { composeValidateDeps }] = await Promise.all([
          import("../../../commands/validate.ts"),
          import("../compose/command-deps.ts"),
        ]);
        const deps = await composeValidateDeps(
          await session.app(),
          () => session.runtime({ quiet: true, planOnly: true }),
          await session.user(),
        );
        await print(await validate(deps, options), options.json);
      },
    );
}
