import { spawn } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../db/create-db.ts";
import { runShots, runs, sceneGates } from "../../db/schema.ts";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { createCli } from "./cli-harness.ts";

const postgresOnly = process.env.TEST_DATABASE_URL ? describe : describe.skip;
const LEASE_SECONDS = 3;

/** The real CLI in a child process, so it can be killed with SIGKILL like a lost machine. */
function startChild(env: Record<string, string>, ...argv: string[]) {
  const child = spawn(process.execPath, ["bin/continuity.mjs", ...argv], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number, log = () => "") {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms / 1000} s waiting for ${what}\n${log()}`);
    await delay(20);
  }
}

postgresOnly("a live worker takes over a dead worker's work, without resume (PostgreSQL)", () => {
  let testDb: TestDatabase;
  let database: Database;
  let cli: Awaited<ReturnType<typeof createCli>>;
  const children: ReturnType<typeof startChild>[] = [];
  beforeAll(async () => {
    testDb = await openTestDatabase("postgres");
    database = await createDatabase({ url: testDb.url });
    cli = await createCli({
      DATABASE_URL: testDb.url as string,
      CONTINUITY_FRAME_SIZE: "640x360",
      CONTINUITY_LOCAL_FAULT_RATE: "0",
      CONTINUITY_LOCAL_VIDEO_FAULT_RATE: "0",
      CONTINUITY_LEASE_SECONDS: String(LEASE_SECONDS),
      CONTINUITY_RUN_CAP_USD: "100",
      CONTINUITY_DAILY_CAP_USD: "1000",
    });
    expect((await cli.run("init", "--demo")).code).toBe(0);
    expect((await cli.run("bible", "lock")).code).toBe(0);
  });
  afterAll(async () => {
    for (const child of children) child.child.kill("SIGKILL");
    await Promise.all(children.map((child) => child.exited));
    await cli.cleanup();
    await database.close();
    await testDb.drop();
  });

  const runOf = async (scope: string) =>
    (await database.db.select().from(runs).where(eq(runs.scope, scope)))[0];

  async function startWorker() {
    const worker = startChild(cli.env, "worker");
    children.push(worker);
    await until(
      "the worker to start",
      async () => /taking shots/.test(worker.output()),
      60_000,
      worker.output,
    );
    return worker;
  }

  it("a shot whose worker was killed mid-attempt is finished by the live worker", {
    timeout: 240_000,
  }, async () => {
    const render = startChild(cli.env, "render", "1B");
    children.push(render);
    const run = await until(
      "the render to take the shot",
      async () => {
        const found = await runOf("1B");
        if (!found) return undefined;
        const [shot] = await database.db.select().from(runShots).where(eq(runShots.runId, found.id));
        return shot?.leaseOwner ? { ...found, owner: shot.leaseOwner } : undefined;
      },
      60_000,
      render.output,
    );
    const worker = await startWorker();
    render.child.kill("SIGKILL");
    await render.exited;
    const killedAt = Date.now();

    const takenBy = await until(
      "another worker to take the shot",
      async () => {
        const [shot] = await database.db.select().from(runShots).where(eq(runShots.runId, run.id));
        return shot?.leaseOwner && shot.leaseOwner !== run.owner ? shot.leaseOwner : undefined;
      },
      120_000,
      worker.output,
    );
    const takeoverSeconds = (Date.now() - killedAt) / 1000;
    process.stdout.write(
      `shot taken over ${takeoverSeconds.toFixed(1)} s after kill -9 (lease ${LEASE_SECONDS} s)\n`,
    );
    expect(takenBy).not.toBe(run.owner);

    const done = await until(
      "the run to finish",
      async () => {
        const current = await runOf("1B");
        return current && ["done", "failed", "escalated", "halted", "stopped"].includes(current.status)
          ? current
          : undefined;
      },
      180_000,
      worker.output,
    );
    expect(done.status).toBe("done");
    const [shot] = await database.db.select().from(runShots).where(eq(runShots.runId, run.id));
    expect(shot?.status).toBe("accepted");
  });

  it("a scene gate whose worker was killed while stitching is finished by the live worker", {
    timeout: 400_000,
  }, async () => {
    const render = startChild(cli.env, "render", "scene2");
    children.push(render);
    const run = await until(
      "the render to reach the scene gate",
      async () => {
        const found = await runOf("scene2");
        if (!found) return undefined;
        const [gate] = await database.db.select().from(sceneGates).where(eq(sceneGates.runId, found.id));
        return gate?.leaseOwner && gate.status === "stitching" ? found : undefined;
      },
      300_000,
      render.output,
    );
    render.child.kill("SIGKILL");
    await render.exited;
    expect((await runOf("scene2"))?.status).toBe("stitching");

    const worker = await startWorker();
    const done = await until(
      "the run to finish",
      async () => {
        const current = await runOf("scene2");
        return current && current.status !== "stitching" && current.status !== "running"
          ? current
          : undefined;
      },
      120_000,
      worker.output,
    );
    expect(done.status).toBe("done");
    const [gate] = await database.db.select().from(sceneGates).where(eq(sceneGates.runId, run.id));
    expect(gate?.status).toBe("passed");
  });
});
