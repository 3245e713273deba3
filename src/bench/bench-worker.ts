import { createDatabase } from "../../db/create-db.ts";
import { createPgBossJobQueue } from "../adapters/job-queue/pg-boss-job-queue.ts";
import { createInstantRuntime } from "./instant-runtime.ts";

/**
 * One worker process of the scaling figure: works the shared queue on PostgreSQL with the
 * latency studio until SIGTERM. Says "ready" once its workers are on the queue, so start-up is
 * not timed. Its settings come from the bench that starts it.
 */
const env = process.env;
const url = env.CONTINUITY_BENCH_WORKER_URL as string;
const database = await createDatabase({ url });
const queue = await createPgBossJobQueue(database, { connectionString: url });
const runtime = await createInstantRuntime({
  database,
  queue,
  dir: env.CONTINUITY_BENCH_WORKER_DIR as string,
  name: env.CONTINUITY_BENCH_WORKER_NAME as string,
  concurrency: Number(env.CONTINUITY_BENCH_WORKER_CONCURRENCY),
  latencyMs: Number(env.CONTINUITY_BENCH_WORKER_LATENCY_MS),
});
process.once("SIGTERM", () => {
  runtime.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
await runtime.startWorkers();
process.stdout.write("ready\n");
