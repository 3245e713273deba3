import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { control } from "../../db/schema.ts";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";
import { until, within } from "../helpers/within.ts";

const postgresOnly = process.env.TEST_DATABASE_URL ? describe : describe.skip;

/** A worker that opens a transaction, locks a row and is then frozen before it commits. */
const FROZEN_WORKER = `
  const { createDatabase } = await import(${JSON.stringify(new URL("../../db/create-db.ts", import.meta.url).href)});
  const { sql } = await import("drizzle-orm");
  const database = await createDatabase({ url: process.env.DATABASE_URL });
  await database.db.transaction(async (tx) => {
    await tx.execute(sql\`select * from control where key = 'row' for share\`);
    process.stdout.write("locked\\n");
    await new Promise((resolve) => setTimeout(resolve, 600_000));
  });
`;

postgresOnly("a worker frozen inside a transaction on PostgreSQL", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase("postgres");
    await testDb.database.db.insert(control).values({ key: "row", value: 1 });
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("does not hold its row lock for ever: another worker's write goes through", {
    timeout: 120_000,
  }, async () => {
    let output = "";
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", FROZEN_WORKER], {
      env: { ...process.env, DATABASE_URL: testDb.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    try {
      await until(
        "the worker holding its lock",
        async () => output.includes("locked") || undefined,
        () => output,
      );
      child.kill("SIGSTOP");
      const written = await within(
        "the other worker's write",
        testDb.database.db.update(control).set({ value: 2, updatedAt: sql`now()` }).where(sql`key = 'row'`),
        60_000,
      );
      expect(written).toBeDefined();
    } finally {
      child.kill("SIGKILL");
    }
  });
});
