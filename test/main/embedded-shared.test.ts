import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDatabase } from "../../db/create-db.ts";
import { budgets, ledger, runs } from "../../db/schema.ts";
import { type CliChild, startCliChild } from "../helpers/cli-child.ts";
import { runCliProcess } from "../helpers/cli-process.ts";
import { createCli } from "./cli-harness.ts";

/**
 * Several processes on the default embedded database (one data folder, no DATABASE_URL): the
 * first holds it and serves the others; nothing any of them writes is lost, and when the holder
 * dies the next process takes over.
 */
describe("several processes on one embedded data folder", () => {
  let cli: Awaited<ReturnType<typeof createCli>>;
  const children: CliChild[] = [];
  beforeEach(async () => {
    cli = await createCli({
      CONTINUITY_FRAME_SIZE: "640x360",
      CONTINUITY_LOCAL_FAULT_RATE: "0",
      CONTINUITY_LOCAL_VIDEO_FAULT_RATE: "0",
      CONTINUITY_RUN_CAP_USD: "100",
      CONTINUITY_DAILY_CAP_USD: "1000",
    });
    expect((await cli.run("init", "--demo")).code).toBe(0);
    expect((await cli.run("bible", "lock")).code).toBe(0);
  }, 240_000);
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.child.exitCode === null) child.child.kill("SIGKILL");
      await child.exited;
    }
    await cli.cleanup();
  });

  /** What the database holds afterwards, read by one more process (this one). */
  async function recorded() {
    const database = await createDatabase({ dataDir: join(cli.env.CONTINUITY_DATA_DIR as string, "db") });
    try {
      const allRuns = await database.db.select().from(runs);
      const rows = await database.db.select().from(ledger);
      const allBudgets = await database.db.select().from(budgets);
      return { runs: allRuns, ledger: rows, budgets: allBudgets };
    } finally {
      await database.close();
    }
  }

  /** Every reservation of the run settled, and its ledger rows add up to what render reported spending. */
  function expectBalanced(state: Awaited<ReturnType<typeof recorded>>, runId: string, spentMicros: number) {
    const rows = state.ledger.filter((row) => row.runId === runId);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => row.status === "reserved")).toEqual([]);
    const total = rows.reduce((sum, row) => sum + (row.actualMicros ?? 0), 0);
    expect(total).toBe(spentMicros);
    expect(state.budgets.find((budget) => budget.scope === `run:${runId}`)?.committedMicros).toBe(total);
  }

  it("two renders started together both finish and both runs and all their ledger rows exist; status and spend answer meanwhile", {
    timeout: 600_000,
  }, async () => {
    const first = startCliChild(cli.env, "render", "1A", "--json");
    const second = startCliChild(cli.env, "render", "1B", "--json");
    children.push(first, second);
    await first.waitFor(/run r\w+: estimate/);
    await second.waitFor(/run r\w+: estimate/);
    // From a third and a fourth terminal while both run.
    const status = await runCliProcess(cli.env, ["status", "--json"]);
    expect(status.code, status.stderr).toBe(0);
    const spend = await runCliProcess(cli.env, ["spend", "--json"]);
    expect(spend.code, spend.stderr).toBe(0);

    expect(await first.exited, first.output()).toBe(0);
    expect(await second.exited, second.output()).toBe(0);
    const views = [JSON.parse(first.stdout()), JSON.parse(second.stdout())];
    expect(views.map((view) => view.status)).toEqual(["done", "done"]);

    const state = await recorded();
    expect(state.runs.map((run) => run.id).sort()).toEqual(views.map((view) => view.runId).sort());
    expect(state.runs.every((run) => run.status === "done")).toBe(true);
    const day = state.budgets.find((budget) => budget.scope.startsWith("day:"));
    expect(day?.committedMicros).toBe(state.ledger.reduce((sum, row) => sum + (row.actualMicros ?? 0), 0));
    for (const view of views) expectBalanced(state, view.runId, view.spentMicros);
  });

  it("stop from another process halts a running render", { timeout: 600_000 }, async () => {
    const render = startCliChild(cli.env, "render", "1A-1C", "--json");
    children.push(render);
    await render.waitFor(/run r\w+: estimate/);
    const stop = await runCliProcess(cli.env, ["stop"]);
    expect(stop.code, stop.stderr).toBe(0);
    await render.exited;
    const view = JSON.parse(render.stdout());
    expect(view.status).toBe("stopped");
    const state = await recorded();
    expect(state.runs.find((run) => run.id === view.runId)?.status).toBe("stopped");
  });

  it("when the holder is killed -9, a process that was its client takes the folder over and finishes", {
    timeout: 600_000,
  }, async () => {
    // The holder is a process that only holds the folder: killing a process that works shots
    // would also test a dead worker's shot being taken over, which is not what this is about.
    const dbDir = join(cli.env.CONTINUITY_DATA_DIR as string, "db");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/helpers/hold-embedded-folder.ts", dbDir],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const holderExited = new Promise((resolve) => child.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => String(chunk).includes("holding") && resolve());
      child.on("exit", () => reject(new Error("the holder exited before holding")));
    });
    try {
      const client = startCliChild(cli.env, "render", "1B", "--json");
      children.push(client);
      await client.waitFor(/run r\w+: estimate/);
      child.kill("SIGKILL");
      await holderExited;

      expect(await client.exited, client.output()).toBe(0);
      const view = JSON.parse(client.stdout());
      expect(view.status).toBe("done");
      // And a new process finds the folder served again.
      const status = await runCliProcess(cli.env, ["status", view.runId, "--json"]);
      expect(status.code, status.stderr).toBe(0);
      const state = await recorded();
      expect(state.runs.map((run) => run.id)).toEqual([view.runId]);
      expectBalanced(state, view.runId, view.spentMicros);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
