import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/create-db.ts";
import { closeReservation, createRunBudget, reserveBudget, runScope } from "../../db/queries/budget.ts";
import * as schema from "../../db/schema.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { summariseRun } from "../../src/app/runs/run-summary.ts";
import { isAppError } from "../../src/core/app-error.ts";
import { createHarness } from "../helpers/engine-harness.ts";
import { openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

const postgresOnly = process.env.TEST_DATABASE_URL ? describe : describe.skip;

/** A seeded generator, so a failing round can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

postgresOnly("the cost governor under concurrency on PostgreSQL", () => {
  let testDb: TestDatabase;
  let client: postgres.Sql;
  let db: Db;
  beforeAll(async () => {
    testDb = await openTestDatabase("postgres");
    // 32 connections, so 32 reservations really do run at the same time.
    client = postgres(testDb.url as string, { max: 32, onnotice: () => {} });
    db = drizzle(client, { schema }) as unknown as Db;
  });
  afterAll(async () => {
    await client.end();
    await testDb.drop();
  });

  const request = (runId: string, micros: number, day = "2026-11-23", dayCap = 1_000_000_000) => ({
    runId,
    shotId: null,
    attemptId: null,
    day,
    dayCap,
    action: "test",
    provider: "test",
    model: "race",
    priceVersion: "test",
    simulated: true,
    micros,
  });

  async function committed(scope: string): Promise<number> {
    const [row] = await db.select().from(schema.budgets).where(eq(schema.budgets.scope, scope));
    return row?.committedMicros ?? 0;
  }

  it("32 reservations racing for the last dollars of a cap never pass it, round after round", async () => {
    const next = random(7);
    let refusals = 0;
    for (let round = 0; round < 40; round++) {
      const runId = `race-${round}`;
      const cap = 1_000_000;
      await createRunBudget(db, runId, cap);
      const amounts = Array.from({ length: 32 }, () => 30_000 + Math.floor(next() * 60_000));
      const outcomes = await Promise.allSettled(
        amounts.map((micros) => reserveBudget(db, request(runId, micros))),
      );
      for (const outcome of outcomes) {
        if (outcome.status === "rejected") {
          expect(isAppError(outcome.reason, "BUDGET_EXCEEDED")).toBe(true);
          expect((outcome.reason as Error).message).toBe("per-run cap $1.00 would be exceeded, halted");
          refusals += 1;
        }
      }
      const granted = amounts.filter((_, index) => outcomes[index]?.status === "fulfilled");
      const total = granted.reduce((sum, micros) => sum + micros, 0);
      expect(total).toBeLessThanOrEqual(cap);
      expect(await committed(runScope(runId))).toBe(total);

      // Settling (for less) and new reservations race too; the totals stay exact and under the cap.
      const ids = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
      await Promise.allSettled([
        ...ids.map((id) => closeReservation(db, id, { status: "settled", micros: 10_000 })),
        ...amounts.slice(0, 16).map((micros) => reserveBudget(db, request(runId, micros))),
      ]);
      const [ledger] = await db
        .select({
          sum: sql<number>`sum(coalesce(${schema.ledger.actualMicros}, ${schema.ledger.reservedMicros}))`.mapWith(
            Number,
          ),
        })
        .from(schema.ledger)
        .where(eq(schema.ledger.runId, runId));
      expect(await committed(runScope(runId))).toBe(ledger?.sum);
      expect(ledger?.sum).toBeLessThanOrEqual(cap);
    }
    // The race really happened: demand was above the cap in every round.
    expect(refusals).toBeGreaterThan(40);
  });

  it("the daily cap holds across runs racing at once", async () => {
    const dayCap = 2_000_000;
    const runs = Array.from({ length: 8 }, (_, index) => `day-race-${index}`);
    for (const runId of runs) await createRunBudget(db, runId, 10_000_000);
    const outcomes = await Promise.allSettled(
      runs.flatMap((runId) =>
        Array.from({ length: 4 }, () => reserveBudget(db, request(runId, 90_000, "2026-11-24", dayCap))),
      ),
    );
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    expect((refused[0] as PromiseRejectedResult).reason.message).toBe(
      "daily cap $2.00 would be exceeded, halted",
    );
    expect(await committed("day:2026-11-24")).toBeLessThanOrEqual(dayCap);
  });
});

postgresOnly("32 shots of one run racing for its cap on PostgreSQL", () => {
  it("halts with the run's spend at or under the cap", async () => {
    const harness = await createHarness("postgres", { shots: 32, defaults: { concurrency: 8 } });
    try {
      const { run } = await launchRun(harness.runtime, {
        scope: "s1",
        frames: false,
        budget: 3_000_000,
        requestedBy: "ana",
      });
      const summary = await summariseRun(harness.runtime.deps.db, await driveRun(harness.runtime, run.id));
      expect(summary.status).toBe("halted");
      expect(summary.spentMicros).toBeLessThanOrEqual(3_000_000);
      // The race reached the expensive stage: the cap, not an early failure, is what stopped it.
      expect(harness.studio.log.videoStarts.length).toBeGreaterThan(0);
      expect(summary.shots.every((shot) => shot.status === "halted" || shot.status === "accepted")).toBe(
        true,
      );
    } finally {
      await harness.close();
    }
  });
});
