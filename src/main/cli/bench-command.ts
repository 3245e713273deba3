import type { CliContext } from "./cli-context.ts";

export function registerBenchCommand({ program, out, env }: CliContext): void {
  program
    .command("bench")
    .description(
      "the cost benchmark (npm run bench): a synthetic production gated at every stage, gated only at video, and an oracle",
    )
    .option("--shots <n>", "shots in the synthetic production", "60")
    .option("--panel-fault-rate <rate>", "share of panels the offline generator draws off-model", "0.3")
    .option("--video-fault-rate <rate>", "share of clips the offline video model gets wrong", "0.15")
    .option("--seed <n>", "the offline providers' seed", "1")
    .option("--max-duration <s>", "longest shot, in seconds", "6")
    .action(async (options: Record<string, string>) => {
      const [{ z }, { parseArgs }, { runBench }] = await Promise.all([
        import("zod"),
        import("../../../commands/parse-args.ts"),
        import("../../bench/run-bench.ts"),
      ]);
      const benchArgsSchema = z.object({
        shots: z.coerce.number().int().min(2).max(500),
        panelFaultRate: z.coerce.number().min(0).max(1),
        videoFaultRate: z.coerce.number().min(0).max(1),
        seed: z.coerce.number().int().min(0),
        maxDuration: z.coerce.number().min(1).max(60),
      });
      const benchEnvSchema = z.object({
        CONTINUITY_BENCH_SCALE_SHOTS: z.coerce.number().int().min(2).max(100_000).default(200),
        CONTINUITY_BENCH_DATABASE_URL: z.string().min(1).optional(),
        TEST_DATABASE_URL: z.string().min(1).optional(),
      });
      const settings = parseArgs(
        benchEnvSchema,
        {
          CONTINUITY_BENCH_SCALE_SHOTS: env.CONTINUITY_BENCH_SCALE_SHOTS || undefined,
          CONTINUITY_BENCH_DATABASE_URL: env.CONTINUITY_BENCH_DATABASE_URL || undefined,
          TEST_DATABASE_URL: env.TEST_DATABASE_URL || undefined,
        },
        "bench",
      );
      await runBench(
        parseArgs(benchArgsSchema, options, "bench"),
        {
          scaleShots: settings.CONTINUITY_BENCH_SCALE_SHOTS,
          postgresUrl: settings.CONTINUITY_BENCH_DATABASE_URL ?? settings.TEST_DATABASE_URL,
        },
        out,
      );
    });
}
