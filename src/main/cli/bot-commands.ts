import type { CliContext } from "./cli-context.ts";

export function registerBotCommands({ program, session, out, err }: CliContext): void {
  program
    .command("bot")
    .description(
      "run the chat bot on Slack and/or Discord, whichever is configured; it also works queued shots",
    )
    .action(async () => {
      const [{ startBot }, { composeRuntime }] = await Promise.all([
        import("../../bot/start-bot.ts"),
        import("../compose/compose-runtime.ts"),
      ]);
      const app = await session.app();
      const running = await startBot(app, app.config, {
        log: (line) => err(`bot: ${line}`),
        runtime: (onEvent) => composeRuntime(app, onEvent),
      });
      err(
        `continuity bot on ${running.platforms.join(" and ")}; Ctrl-C stops it (runs carry on from the database)`,
      );
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      err("bot stopping");
      await running.stop();
    });
  const discord = program.command("discord").description("Discord set-up");
  discord
    .command("register")
    .description(
      "install the slash commands: in DISCORD_GUILD_ID at once, or globally (up to an hour) when unset",
    )
    .action(async () => {
      const { registerFromConfig } = await import("../../bot/discord/register-commands.ts");
      out(await registerFromConfig((await session.app()).config));
    });
}
