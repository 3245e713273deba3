import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHAT_PLATFORMS } from "../../src/core/chat-platforms.ts";
import {
  ATTEMPT_VERDICTS,
  ESCALATION_STATUSES,
  LEDGER_STATUSES,
  OPERATION_STATUSES,
  RUN_STATUSES,
} from "../../src/core/record-statuses.ts";
import { SCENE_STATUSES } from "../../src/core/scene-machine.ts";
import { SHOT_STATUSES } from "../../src/core/shot-machine.ts";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

/** Each CHECK constraint and the const array its TypeScript union is made from. */
const CONSTRAINTS: [string, readonly string[]][] = [
  ["runs_status_check", RUN_STATUSES],
  ["run_shots_status_check", SHOT_STATUSES],
  ["scene_gates_status_check", SCENE_STATUSES],
  ["attempts_verdict_check", ATTEMPT_VERDICTS],
  ["escalations_status_check", ESCALATION_STATUSES],
  ["ledger_status_check", LEDGER_STATUSES],
  ["provider_operations_status_check", OPERATION_STATUSES],
  ["chat_threads_platform_check", CHAT_PLATFORMS],
  ["chat_escalation_messages_platform_check", CHAT_PLATFORMS],
];

describe.each(DATABASE_KINDS)("status constraints on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it.each(CONSTRAINTS)("%s, as migrated, lists exactly the TypeScript union", async (name, values) => {
    const result = await testDb.database.executeSql(
      "select pg_get_constraintdef(oid) as def from pg_constraint where conname = $1",
      [name],
    );
    const [row] = result.rows as { def: string }[];
    // PostgreSQL prints `IN (...)` back as `= ANY (ARRAY['a'::text, ...])`.
    const listed = [...(row?.def ?? "").matchAll(/'([^']*)'/g)].map((match) => match[1]);
    expect(listed).toEqual([...values]);
  });

  it("refuses a run status the code does not know, and takes stitching", async () => {
    const { db } = testDb.database;
    const insert = (id: string, status: string) =>
      db.execute(sql`insert into runs (id, bible_uri, bible_version, scope, scene_id, status,
        estimate_expected_micros, estimate_worst_micros, requested_by, settings)
        values (${id}, '-', '-', 's1', 's1', ${status}, 0, 0, 'ana', '{}'::jsonb)`);
    await insert("stitching-run", "stitching");
    const refused = await insert("bogus-run", "finished").then(
      () => undefined,
      (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
    );
    expect(refused).toMatch(/runs_status_check/);
  });
});
