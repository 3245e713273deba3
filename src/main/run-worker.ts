import type { Runtime } from "../app/runtime.ts";

/** `continuity worker`: takes shots from the shared queue until SIGINT or SIGTERM, then finishes cleanly. */
export async function runWorker(runtime: Runtime, log: (line: string) => void): Promise<number> {
  await runtime.startWorkers();
  log(
    `worker ${runtime.deps.workerId} is taking shots from the queue; Ctrl-C stops it after the current step`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  log("worker stopping");
  return 0;
}
