import { setTimeout as delay } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../db/create-db.ts";
import { attempts, budgets, ledger, runShots, runs, validations } from "../../db/schema.ts";
import { startCliChild as startChild } from "../helpers/cli-child.ts";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { until } from "../helpers/within.ts";
import { createCli } from "./cli-harness.ts";

const postgresOnly = process.env.TEST_DATABASE_URL ? describe : describe.skip;

postgresOnly("a worker paused past its lease (SIGSTOP, SIGCONT) on PostgreSQL", () => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDb = await openTestDatabase("postgres");
    database = await createDatabase({ url: testDb.url });
  });
  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it("stops at its next write once another worker holds the shot: nothing judged twice, nothing left open", {
    timeout: 300_000,
  }, async () => {
    const cli = await createCli({
      DATABASE_URL: testDb.url as string,
      CONTINUITY_LOCAL_FAULT_RATE: "0",
      CONTINUITY_LOCAL_VIDEO_FAULT_RATE: "0",
      CONTINUITY_LEASE_SECONDS: "2",
      CONTINUITY_RUN_CAP_USD: "100",
      CONTINUITY_DAILY_CAP_USD: "1000",
    });
    try {
      expect((await cli.run("init", "--demo")).code).toBe(0);
      expect((await cli.run("bible", "lock")).code).toBe(0);
      const first = startChild(cli.env, "render", "1B");
      // Paused in the middle of an attempt: started, not yet judged.
      await until(
        "an attempt in progress",
        async () => {
          const [open] = await database.db.select().from(attempts).where(eq(attempts.verdict, "pending"));
          return open;
        },
        first.output,
      );
      first.child.kill("SIGSTOP");
      const rowsAtPause = (await database.db.select().from(ledger)).length;
      const [held] = await database.db.select().from(runShots);
      const pausedOwner = held?.leaseOwner;
      expect(pausedOwner).toBeTruthy();
      await delay(5_000); // past the 2 s lease: its heartbeat is paused with it

      const second = startChild(cli.env, "resume");
      await until(
        "the second worker taking the shot",
        async () => {
          const [row] = await database.db.select().from(runShots);
          return row?.leaseOwner && row.leaseOwner !== pausedOwner ? row : undefined;
        },
        second.output,
      );
      // Let the new owner pay for something of its own, then wake the paused one.
      await until(
        "the new owner at work",
        async () => ((await database.db.select().from(ledger)).length > rowsAtPause ? true : undefined),
        second.output,
      );
      first.child.kill("SIGCONT");

      const bound = (child: ReturnType<typeof startChild>) =>
        Promise.race([child.exited, delay(150_000).then(() => "hung" as const)]);
      const [firstCode, secondCode] = await Promise.all([bound(first), bound(second)]);
      for (const child of [first, second]) if (child.child.exitCode === null) child.child.kill("SIGKILL");
      expect(secondCode, second.output()).toBe(0);
      expect(firstCode, first.output()).not.toBe("hung");
      const [run] = await database.db.select().from(runs);
      expect(run?.status).toBe("done");

      // No attempt's artifact was judged twice (by both workers) and no judge call was billed twice.
      // The free tier may run twice on one attempt: the new owner takes the attempt up and checks
      // its artifact again when the paused worker had already checked it (free, nothing billed).
      const judged = (await database.db.select().from(validations)).filter((row) => row.tier === "judge");
      const keys = judged.map((row) => `${row.attemptId}/${row.tier}/${row.subject}`);
      expect(keys.length, JSON.stringify(keys)).toBe(new Set(keys).size);
      const rows = await database.db
        .select()
        .from(ledger)
        .where(eq(ledger.runId, run?.id as string));
      const judgeCharges = rows
        .filter((row) => row.action.startsWith("judge.") && row.status === "settled")
        .map((row) => `${row.attemptId}/${row.action}`);
      expect(judgeCharges.length, JSON.stringify(judgeCharges)).toBe(judged.length);
      expect(rows.filter((row) => row.status === "reserved")).toEqual([]);
      const [budget] = await database.db
        .select()
        .from(budgets)
        .where(eq(budgets.scope, `run:${run?.id}`));
      expect(budget?.committedMicros).toBe(rows.reduce((sum, row) => sum + (row.actualMicros ?? 0), 0));
    } finally {
      await cli.cleanup();
    }
  });
});
