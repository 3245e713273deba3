import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { createPgBossJobQueue } from "../../../src/adapters/job-queue/pg-boss-job-queue.ts";
import type { JobQueue, ShotJob } from "../../../src/ports/job-queue.ts";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "../../helpers/test-database.ts";
import { within } from "../../helpers/within.ts";

// The fallback poll is an hour here: whatever arrives within the test's bounds came by a wake-up.
const HOUR = 3600;
const BOUND_MS = 10_000;

describe.each(DATABASE_KINDS)("job queue wake-ups (%s)", (kind) => {
  let testDb: TestDatabase | undefined;
  const queues: JobQueue[] = [];
  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.stop();
    await testDb?.drop();
    testDb = undefined;
  });

  async function openQueue(): Promise<JobQueue> {
    testDb ??= await openTestDatabase(kind);
    const queue = await createPgBossJobQueue(testDb.database, {
      ...(testDb.url ? { connectionString: testDb.url } : {}),
      pollSeconds: HOUR,
    });
    queues.push(queue);
    return queue;
  }

  function collect(queue: JobQueue, concurrency: number) {
    const seen: ShotJob[] = [];
    const waiters: (() => void)[] = [];
    const started = queue.work(concurrency, async (job) => {
      seen.push(job);
      for (const wake of waiters.splice(0)) wake();
    });
    const count = async (n: number) => {
      while (seen.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return seen;
    };
    return { started, count };
  }

  it("a job sent in this process is worked at once, and each worker fetches again as soon as a job ends", async () => {
    const queue = await openQueue();
    const worker = collect(queue, 1);
    await worker.started;
    // Let the first fetch find nothing, so the worker sits in its (hour-long) poll.
    await delay(300);
    await queue.enqueueShots("run-1", ["A"]);
    expect(await within("the first job", worker.count(1), BOUND_MS)).toHaveLength(1);
    // Three at once for one worker: after the first it must fetch the next without a poll.
    await queue.enqueueShots("run-1", ["B", "C", "D"]);
    const seen = await within("three more jobs", worker.count(4), BOUND_MS);
    expect(seen.map((job) => job.shotId).sort()).toEqual(["A", "B", "C", "D"]);
  });

  it("a run's waiter wakes when the run moves, and a move between its look and its wait is not lost", async () => {
    const queue = await openQueue();
    const watch = queue.watchRun("run-1");
    await queue.runMoved("run-1");
    await within("a move made before the wait", watch.next(HOUR * 1000), BOUND_MS);
    const next = watch.next(HOUR * 1000);
    await queue.runMoved("run-2");
    await queue.runMoved("run-1");
    await within("a move made during the wait", next, BOUND_MS);
    watch.close();
  });

  it.runIf(kind === "postgres")(
    "a job sent and a run moved in another process wake this one (LISTEN/NOTIFY)",
    async () => {
      const here = await openQueue();
      const elsewhere = await openQueue();
      const worker = collect(here, 1);
      await worker.started;
      await delay(300);
      const watch = here.watchRun("run-9");
      const moved = watch.next(HOUR * 1000);
      await elsewhere.runMoved("run-9");
      await within("the other process's run move", moved, BOUND_MS);
      await elsewhere.enqueueShots("run-9", ["Z"]);
      expect(await within("the other process's job", worker.count(1), BOUND_MS)).toEqual([
        { runId: "run-9", shotId: "Z" },
      ]);
      watch.close();
    },
  );
});
