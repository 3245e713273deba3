import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAttempt, listAttempts } from "../../db/queries/attempts.ts";
import { findRunShot, listRunShots } from "../../db/queries/run-shots.ts";
import { findRun } from "../../db/queries/runs.ts";
import { findSceneGate } from "../../db/queries/scene-gates.ts";
import { isAppError } from "../../src/core/app-error.ts";
import { initialShotState } from "../../src/core/shot-machine.ts";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

/** Settings as a run started before durationChanges existed stored them, with a key from elsewhere. */
const OLD_SETTINGS = {
  thresholds: {
    identity: 0.8,
    wardrobe: 0.7,
    charactersPresent: 0.9,
    location: 0.7,
    props: 0.6,
    continuity: 0.6,
    artifacts: 0.7,
  },
  maxAttempts: 3,
  noProgressWindow: 2,
  frames: false,
  width: 1280,
  height: 720,
  timezone: "UTC",
  wholeScene: true,
  lockedHashes: { "characters/ana.png": "abc" },
  fromANewerVersion: 1,
};

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe.each(DATABASE_KINDS)("JSON columns decoded at the query boundary on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase(kind);
    const { db } = testDb.database;
    // Rows written straight, the way an older version or a hand edit leaves them.
    await db.execute(sql`insert into runs (id, bible_uri, bible_version, scope, scene_id, status,
      estimate_expected_micros, estimate_worst_micros, requested_by, settings)
      values ('old', '-', '-', 's1', 's1', 'running', 0, 0, 'ana', ${JSON.stringify(OLD_SETTINGS)}::jsonb),
             ('broken', '-', '-', 's1', 's1', 'running', 0, 0, 'ana', '{"thresholds":{}}'::jsonb)`);
    await db.execute(sql`insert into budgets (scope, cap_micros) values ('run:old', 0), ('run:broken', 0)`);
    await db.execute(sql`insert into run_shots (run_id, shot_id, "order", state, status) values
      ('old', 'S1', 1, ${JSON.stringify(initialShotState())}::jsonb, 'pending'),
      ('old', 'S2', 2, '{"status":"running","stage":"panel","stages":{"video":{}}}'::jsonb, 'running')`);
    await db.execute(sql`insert into scene_gates (run_id, state, status) values
      ('old', '{"status":"stitching","attemptId":"seven"}'::jsonb, 'stitching')`);
    // A provider failure is stored without a threshold; rows from before `decisive` have none.
    await db.execute(sql`insert into attempts (run_id, shot_id, stage, number, source, verdict, failures, extras) values
      ('old', 'S1', 'video', 1, 'generated', 'failed',
       '[{"criterion":"artifacts","score":0,"reason":"filtered"}]'::jsonb, '{"thumb":"t.png"}'::jsonb),
      ('old', 'S1', 'video', 2, 'generated', 'failed',
       '[{"criterion":"sharpness","score":0,"reason":"?"}]'::jsonb, '{}'::jsonb)`);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("reads what existing databases hold: optional fields absent, unknown keys kept", async () => {
    const run = await findRun(testDb.database.db, "old");
    expect(run?.settings.durationChanges).toBeUndefined();
    expect(run?.settings.thresholds.identity).toBe(0.8);
    expect(run?.settings).toMatchObject({ fromANewerVersion: 1 });
    const shot = await findRunShot(testDb.database.db, "old", "S1");
    expect(shot?.state).toEqual(initialShotState());
  });

  it("names the table, the row and the path of a value that does not decode", async () => {
    const { db } = testDb.database;
    const runError = await rejection(findRun(db, "broken"));
    expect(isAppError(runError, "DATABASE_ROW_INVALID")).toBe(true);
    expect((runError as Error).message).toMatch(
      /^runs row broken: settings does not decode at thresholds\.identity/,
    );

    const shotError = await rejection(listRunShots(db, "old"));
    expect(isAppError(shotError, "DATABASE_ROW_INVALID")).toBe(true);
    expect((shotError as Error).message).toMatch(
      /^run_shots row old\/S2: state does not decode at stages\.panel/,
    );

    const gateError = await rejection(findSceneGate(db, "old"));
    expect((gateError as Error).message).toMatch(/^scene_gates row old: state does not decode at attemptId/);

    const attemptError = await rejection(listAttempts(db, "old"));
    expect((attemptError as Error).message).toMatch(
      /^attempts row \d+: failures does not decode at 0\.criterion/,
    );
  });

  it("decodes a provider failure's row with no threshold", async () => {
    const [row] = (await testDb.database.executeSql("select id from attempts where number = 1")).rows as {
      id: number;
    }[];
    const attempt = await findAttempt(testDb.database.db, Number(row?.id));
    expect(attempt?.failures).toEqual([{ criterion: "artifacts", score: 0, reason: "filtered" }]);
    expect(attempt?.extras).toEqual({ thumb: "t.png" });
  });
});
