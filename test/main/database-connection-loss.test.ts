import { setTimeout as delay } from "node:timers/promises";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliChild, startCliChild } from "../helpers/cli-child.ts";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { createCli } from "./cli-harness.ts";

const postgresOnly = process.env.TEST_DATABASE_URL ? describe : describe.skip;

/**
 * A failover or a restarted server cuts every connection under a run. The run must carry on (the
 * lost connections are reopened and the statements retried), and a worker must stay up.
 */
postgresOnly("database connections terminated under a run (PostgreSQL)", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase("postgres");
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("render finishes done and a worker keeps running after pg_terminate_backend", {
    timeout: 600_000,
  }, async () => {
    const cli = await createCli({
      DATABASE_URL: testDb.url as string,
      CONTINUITY_FRAME_SIZE: "640x360",
      CONTINUITY_LOCAL_FAULT_RATE: "0",
      CONTINUITY_LOCAL_VIDEO_FAULT_RATE: "0",
      CONTINUITY_RUN_CAP_USD: "100",
      CONTINUITY_DAILY_CAP_USD: "1000",
    });
    const admin = postgres(process.env.TEST_DATABASE_URL as string, { max: 1, onnotice: () => {} });
    const children: CliChild[] = [];
    try {
      expect((await cli.run("init", "--demo")).code).toBe(0);
      expect((await cli.run("bible", "lock")).code).toBe(0);
      const worker = startCliChild(cli.env, "worker");
      children.push(worker);
      await worker.waitFor(/is taking shots from the queue/);
      const render = startCliChild(cli.env, "render", "1A-1B", "--json");
      children.push(render);
      await render.waitFor(/run r\w+: estimate/);
      const name = new URL(testDb.url as string).pathname.slice(1);
      for (let cut = 0; cut < 3; cut++) {
        await delay(1_500);
        await admin`select pg_terminate_backend(pid) from pg_stat_activity
                    where datname = ${name} and pid <> pg_backend_pid()`;
      }
      const code = await render.exited;
      expect(render.output()).not.toMatch(/error INTERNAL/);
      expect(code, render.output()).toBe(0);
      expect(JSON.parse(render.stdout()).status).toBe("done");
      expect(worker.child.exitCode, worker.output()).toBeNull();
      worker.child.kill("SIGTERM");
      expect(await worker.exited, worker.output()).toBe(0);
    } finally {
      for (const child of children) if (child.child.exitCode === null) child.child.kill("SIGKILL");
      await Promise.all(children.map((child) => child.exited));
      await admin.end();
      await cli.cleanup();
    }
  });
});
