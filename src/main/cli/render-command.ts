import { BIBLE_HELP, type CliContext } from "./cli-context.ts";

export function registerRenderCommand({ program, session, err, print }: CliContext): void {
  program
    .command("render")
    .description(
      "run the gated pipeline for a scope: a shot (1A), a list (1A,1C), a range (1A-1D) or a scene (scene1)",
    )
    .argument("<scope>", "what to render")
    .option("--budget <usd>", "the per-run cap in dollars (default CONTINUITY_RUN_CAP_USD)")
    .option("--frames", "start+end-frame mode: an end panel per shot, and the clip must arrive at it")
    .option("--bible <uri>", BIBLE_HELP)
    .option(
      "--json",
      "print one JSON object: run id, status, estimate, spent, and per shot its status, attempts, latest scores and blame",
    )
    .action(async (scope: string, options: { budget?: string; frames?: boolean; json?: boolean }) => {
      const { render } = await import("../../../commands/render.ts");
      const runtime = await session.runtime({ quiet: options.json });
      await print(
        await render(
          runtime,
          {
            scope,
            budget: options.budget,
            frames: options.frames === true,
            requestedBy: await session.user(),
            options: session.typed(),
          },
          {
            onStart: (info) => {
              err(
                `run ${info.runId}: estimate ${info.expectedUsd} expected, ${info.worstUsd} worst case; cap ${info.capUsd}${info.durationChanges.map((change) => `\n  renders ${change}`).join("")}`,
              );
              if (info.warning) err(`warning: ${info.warning}`);
            },
          },
        ),
        options.json,
      );
    });
}
