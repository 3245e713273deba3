import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../db/create-db.ts";
import { budgets, ledger, providerOperations, runs } from "../../db/schema.ts";
import { startCliChild as startChild } from "../helpers/cli-child.ts";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { createCli } from "./cli-harness.ts";

const postgresOnly = process.env.TEST_DATABASE_URL ? describe : describe.skip;

postgresOnly("kill -9 of workers mid-run, then resume (PostgreSQL)", () => {
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

  it("completes the run, submits no provider operation twice, and balances the ledger", {
    timeout: 240_000,
  }, async () => {
    const cli = await createCli({
      DATABASE_URL: testDb.url as string,
      CONTINUITY_FRAME_SIZE: "640x360",
      CONTINUITY_LOCAL_FAULT_RATE: "0",
      CONTINUITY_LOCAL_VIDEO_FAULT_RATE: "0",
      CONTINUITY_LEASE_SECONDS: "3",
      CONTINUITY_RUN_CAP_USD: "100",
      CONTINUITY_DAILY_CAP_USD: "1000",
    });
    try {
      expect((await cli.run("init", "--demo")).code).toBe(0);
      expect((await cli.run("bible", "lock")).code).toBe(0);
      // Seeded kill points, a different moment of the run each time.
      const killAfterMs = [2_500, 1_500, 3_500];
      let first = true;
      for (const wait of killAfterMs) {
        const worker = first ? startChild(cli.env, "render", "1B-1D") : startChild(cli.env, "resume");
        if (first) {
          // Kill points are measured from the moment the run exists, however slow start-up is.
          const deadline = Date.now() + 60_000;
          while ((await database.db.select().from(runs)).length === 0) {
            if (Date.now() > deadline) throw new Error(`the render never started:\n${worker.output()}`);
            await delay(100);
          }
        }
        first = false;
        await delay(wait);
        worker.child.kill("SIGKILL");
        await worker.exited;
      }
      const final = await cli.run("resume", "--json");
      expect(final.code, `${final.out}\n${final.err}`).toBe(0);
      expect(final.json().runs).toHaveLength(1);
      const [run] = await database.db.select().from(runs);
      expect(run?.status).toBe("done");

      // Every submission the local provider received is one operation in the database, once.
      const operations = await database.db
        .select()
        .from(providerOperations)
        .where(eq(providerOperations.runId, run?.id as string));
      const submitted = operations.filter((operation) => operation.operationId !== null);
      expect(new Set(submitted.map((operation) => operation.operationId)).size).toBe(submitted.length);
      const stored = await readdir(join(cli.env.CONTINUITY_DATA_DIR as string, "local-video", "operations"));
      expect(stored.length).toBe(submitted.length);

      // The ledger balances: nothing left open, and the run's committed total is what its rows cost.
      const rows = await database.db
        .select()
        .from(ledger)
        .where(eq(ledger.runId, run?.id as string));
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
