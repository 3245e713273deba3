import type { CliContext } from "./cli-context.ts";

export function registerDemoCommand({ program, env, out, setExitCode }: CliContext): void {
  program
    .command("demo")
    .description(
      "the offline demo (npm start): draw the demo bible, render scene1 through every gate, show a budget halt",
    )
    .action(async () => {
      const { runDemo } = await import("../run-demo.ts");
      setExitCode(await runDemo(env, out));
    });
}
