import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAbandonedReservations, createRunBudget } from "../../../db/queries/budget.ts";
import { claimShotLease } from "../../../db/queries/run-shots.ts";
import { budgets, ledger, runShots, runs } from "../../../db/schema.ts";
import { createKillSwitch } from "../../../src/adapters/stop-file-kill-switch.ts";
import type { EngineDeps } from "../../../src/app/engine/engine-deps.ts";
import type { RunSettings } from "../../../src/app/engine/run-settings.ts";
import type { PaidCallTarget } from "../../../src/app/governor/governor-target.ts";
import { runLongJob } from "../../../src/app/governor/long-job.ts";
import { paidCall } from "../../../src/app/governor/paid-call.ts";
import { isAppError } from "../../../src/core/app-error.ts";
import { ProviderError } from "../../../src/core/provider-error.ts";
import { initialShotState } from "../../../src/core/shot-machine.ts";
import { TEST_PRICES } from "../../helpers/engine-harness.ts";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "../../helpers/test-database.ts";

/** A run's stored settings: the governor reads the time zone; the row must still decode as a whole. */
const SETTINGS: RunSettings = {
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
  wholeScene: false,
  lockedHashes: {},
};

/** A small seeded generator (mulberry32): the same seed is the same interleaving. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T };
}

const CAP = 2_000_000;
const ACTIONS = [
  "judge",
  "judge-fails",
  "judge-crash",
  "video",
  "video-crash",
  "stop",
  "stop-late",
  "lose-lease",
] as const;
const never = () => new Promise<never>(() => {});

describe.each(DATABASE_KINDS)("generated interleavings of two workers through the governor on %s", (kind) => {
  let testDb: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    testDb = await openTestDatabase(kind);
    dir = await mkdtemp(join(tmpdir(), "continuity-governor-"));
  });
  afterAll(async () => {
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("balance the ledger, never pass a cap, send no request twice, charge nothing unsent, leave nothing open at rest", {
    timeout: 240_000,
  }, async () => {
    const db = testDb.database.db;
    const unexpected: unknown[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const rng = random(seed);
      const runId = `prop-${seed}`;
      const stopFile = join(dir, `STOP-${seed}`);
      await db.insert(runs).values({
        id: runId,
        bibleUri: "-",
        bibleVersion: "-",
        scope: "S1",
        sceneId: "s1",
        status: "running",
        estimateExpectedMicros: 0,
        estimateWorstMicros: 0,
        requestedBy: "prop",
        settings: SETTINGS,
      });
      await createRunBudget(db, runId, CAP);
      await db
        .insert(runShots)
        .values({ runId, shotId: "S1", order: 1, state: initialShotState(), status: "running" });
      // The provider's own record: which request ids it received, and which calls were sent at all.
      const received = new Map<string, number>();
      let sentCalls = 0;
      const realSwitch = createKillSwitch({ db, stopFile });
      // A crashed worker's call never returns; one refused before it got that far must be refused for a known reason.
      const abandon = async (pending: Promise<unknown>, reached: () => boolean) => {
        let settled = false;
        pending.then(
          () => (settled = true),
          (error) => {
            settled = true;
            if (
              !isAppError(error) ||
              !["STOPPED", "LEASE_LOST", "BUDGET_EXCEEDED", "SUBMISSION_UNCERTAIN"].includes(error.code)
            )
              unexpected.push(error);
          },
        );
        // The worker "dies" once its request is out (or it was refused first): nothing of it runs after that.
        const deadline = Date.now() + 5_000; // a hang guard: a re-sent request id never grows the provider's record
        while (!settled && !reached() && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 5));
      };
      let stopAfterReserve = false;
      const workers = ["A", "B"].map((owner) => {
        const deps = {
          db,
          clock: { now: () => new Date("2026-12-01T12:00:00Z"), sleep: async () => {} },
          prices: TEST_PRICES,
          dayCap: 1_000_000_000,
          killSwitch: {
            reason: () => realSwitch.reason(),
            async assertRunning() {
              // A STOP that lands between the reservation and the call: the second check sees it.
              const open = await db.select().from(ledger).where(eq(ledger.status, "reserved"));
              if (stopAfterReserve && open.some((row) => row.runId === runId)) await writeFile(stopFile, "");
              return realSwitch.assertRunning();
            },
          },
          workerId: owner,
          leaseSeconds: 30,
          pollIntervalMs: 1,
          callTries: 2,
          onEvent: () => {},
        } as unknown as EngineDeps;
        return { owner, deps };
      });
      const target = (owner: string, attemptId: number, kind: "judge" | "video"): PaidCallTarget => ({
        runId,
        shotId: "S1",
        attemptId,
        settings: SETTINGS,
        action: `${kind}.step`,
        kind,
        model:
          kind === "judge"
            ? { provider: "test", modelId: "scripted-judge", simulated: true }
            : { provider: "test", modelId: "scripted-video", simulated: true },
        lease: { runId, shotId: "S1", owner },
      });
      await claimShotLease(db, runId, "S1", "A", 30);
      let attemptId = 1;

      for (let step = 0; step < 14; step++) {
        const worker = rng.pick(workers);
        const action = rng.pick(ACTIONS);
        const rowsBefore = (await db.select().from(ledger).where(eq(ledger.runId, runId))).length;
        const [leaseRow] = await db.select().from(runShots).where(eq(runShots.runId, runId));
        const holds = leaseRow?.leaseOwner === worker.owner;
        try {
          if (action === "lose-lease") {
            // The holder stalls past its lease; the other worker takes the shot and cleans up after it.
            const other = workers.find((candidate) => candidate !== worker) as (typeof workers)[number];
            await db
              .update(runShots)
              .set({ leaseUntil: sql`now() - interval '1 second'` })
              .where(eq(runShots.runId, runId));
            await claimShotLease(db, runId, "S1", other.owner, 30);
            for (let id = 1; id <= attemptId; id++)
              await closeAbandonedReservations(db, id, { runId, shotId: "S1", owner: other.owner });
            continue;
          }
          if (action === "stop") await writeFile(stopFile, "");
          stopAfterReserve = action === "stop-late";
          if (
            action === "judge" ||
            action === "judge-fails" ||
            action === "judge-crash" ||
            action.startsWith("stop")
          ) {
            const call = paidCall(
              worker.deps,
              target(worker.owner, attemptId, "judge"),
              100_000,
              async () => {
                sentCalls += 1;
                if (action === "judge-crash") return never();
                if (action === "judge-fails")
                  throw new ProviderError("PROVIDER_RATE_LIMITED", "429", "retryable");
                return { value: 1, usage: { inputTokens: 10, outputTokens: 10 } };
              },
            );
            // A crashed worker's call never returns: it is left pending, like a process that died.
            if (action !== "judge-crash") await call;
            else {
              const before = sentCalls;
              await abandon(call, () => sentCalls > before);
            }
          } else {
            const job = runLongJob(worker.deps, {
              target: target(worker.owner, attemptId, "video") as LongJobTarget,
              reserveMicros: 400_000,
              baseRequestId: `${runId}-v${attemptId}`,
              async start(clientRequestId) {
                received.set(clientRequestId, (received.get(clientRequestId) ?? 0) + 1);
                if (action === "video-crash") return never();
                return { operationId: `op-${clientRequestId}` };
              },
              async status() {
                return {
                  state: "succeeded",
                  video: Buffer.from("clip"),
                  durationSeconds: 4,
                  usage: { seconds: 4 },
                };
              },
              async lookup(clientRequestId) {
                return received.has(clientRequestId) ? `op-${clientRequestId}` : undefined;
              },
              costOf: (status) => status.usage.seconds ?? 0,
              describeFailure: (status) => status.reason,
            });
            if (action !== "video-crash") {
              await job;
              attemptId += 1;
            } else {
              const before = received.size;
              await abandon(job, () => received.size > before);
            }
          }
        } catch (error) {
          const expected = [
            "STOPPED",
            "LEASE_LOST",
            "BUDGET_EXCEEDED",
            "PROVIDER_RATE_LIMITED",
            "SUBMISSION_UNCERTAIN",
          ];
          if (!isAppError(error) || !expected.includes(error.code)) throw error;
          if (isAppError(error, "LEASE_LOST")) {
            // A worker without the lease wrote nothing at all.
            expect(holds).toBe(false);
            expect((await db.select().from(ledger).where(eq(ledger.runId, runId))).length).toBe(rowsBefore);
          }
        } finally {
          stopAfterReserve = false;
          await rm(stopFile, { force: true });
        }
        await checkInvariants(runId, seed, step);
      }

      // At rest: the holder takes the shot up once more, as resume would; nothing stays open.
      const [final] = await db.select().from(runShots).where(eq(runShots.runId, runId));
      const holder = final?.leaseOwner as string;
      for (let id = 1; id <= attemptId; id++) {
        await closeAbandonedReservations(db, id, { runId, shotId: "S1", owner: holder });
      }
      const rows = await db.select().from(ledger).where(eq(ledger.runId, runId));
      // Open reservations may only be the video jobs a crashed worker left mid-submission or mid-poll,
      // which the next take-up of their attempt settles; settle them the way it does.
      for (const row of rows.filter((candidate) => candidate.status === "reserved")) {
        const worker = workers.find((candidate) => candidate.owner === holder) as (typeof workers)[number];
        await runLongJob(worker.deps, {
          target: target(holder, row.attemptId as number, "video") as LongJobTarget,
          reserveMicros: 400_000,
          baseRequestId: `${runId}-v${row.attemptId}`,
          async start(clientRequestId) {
            received.set(clientRequestId, (received.get(clientRequestId) ?? 0) + 1);
            return { operationId: `op-${clientRequestId}` };
          },
          async status() {
            return {
              state: "succeeded",
              video: Buffer.from("clip"),
              durationSeconds: 4,
              usage: { seconds: 4 },
            };
          },
          async lookup(clientRequestId) {
            return received.has(clientRequestId) ? `op-${clientRequestId}` : undefined;
          },
          costOf: (status) => status.usage.seconds ?? 0,
          describeFailure: (status) => status.reason,
        }).catch((error) => {
          if (!isAppError(error, "SUBMISSION_UNCERTAIN")) throw error;
        });
      }
      const atRest = await db.select().from(ledger).where(eq(ledger.runId, runId));
      expect(
        atRest.filter((row) => row.status === "reserved"),
        `seed ${seed}`,
      ).toEqual([]);
      await checkInvariants(runId, seed, -1);
      // No provider request was received twice.
      for (const [requestId, times] of received) expect(times, `seed ${seed} ${requestId}`).toBe(1);
      // Nothing that was never sent is charged: short calls charged are at most the calls sent.
      const charged = atRest.filter((row) => row.action === "judge.step" && row.status !== "released");
      expect(charged.length, `seed ${seed}`).toBeLessThanOrEqual(sentCalls);
    }

    expect(unexpected).toEqual([]);

    async function checkInvariants(runId: string, seed: number, step: number) {
      const rows = await db.select().from(ledger).where(eq(ledger.runId, runId));
      const [budget] = await db
        .select()
        .from(budgets)
        .where(eq(budgets.scope, `run:${runId}`));
      const owed = rows.reduce(
        (sum, row) => sum + (row.status === "reserved" ? row.reservedMicros : (row.actualMicros ?? 0)),
        0,
      );
      expect(budget?.committedMicros, `seed ${seed} step ${step}: ledger balances`).toBe(owed);
      expect(budget?.committedMicros ?? 0, `seed ${seed} step ${step}: cap`).toBeLessThanOrEqual(CAP);
      for (const row of rows.filter((candidate) => candidate.status === "settled"))
        expect(row.actualMicros ?? 0).toBeLessThanOrEqual(row.reservedMicros);
    }
  });
});

type LongJobTarget = PaidCallTarget & { shotId: string; attemptId: number };
