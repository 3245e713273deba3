import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calibrate } from "../../commands/calibrate.ts";
import { upsertAttempt } from "../../db/queries/attempts.ts";
import { escalations, validations } from "../../db/schema.ts";
import { DEFAULT_THRESHOLDS } from "../../src/config.ts";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "../helpers/test-database.ts";

/**
 * Decisions as the engine records them: an escalation decided approved or rejected, bound to an
 * attempt whose validations (free tier and judge) hold the scores the approver saw.
 */
describe.each(DATABASE_KINDS)("continuity calibrate on %s", (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase(kind);
    const db = test.database.db;
    const identities = [
      [true, 0.62],
      [true, 0.66],
      [true, 0.7],
      [true, 0.72],
      [true, 0.8],
      [true, 0.9],
      [false, 0.3],
      [false, 0.4],
      [false, 0.5],
      [false, 0.55],
    ] as const;
    for (const [i, [approved, identity]] of identities.entries()) {
      const { id: attemptId } = await upsertAttempt(db, {
        runId: "run-1",
        shotId: `S${i}`,
        stage: "panel",
        number: 1,
        source: "generated",
      });
      await db.insert(escalations).values({
        id: `esc-${i}`,
        runId: "run-1",
        shotId: "1B",
        stage: "panel",
        attemptId,
        reason: "retry cap reached",
        status: approved ? "approved" : "rejected",
        requestedBy: "ana",
        decidedBy: "ben",
        decidedAt: new Date(i < 2 ? "2026-01-01T10:00:00Z" : "2026-03-01T10:00:00Z"),
      });
      await db.insert(validations).values([
        {
          attemptId,
          tier: "local",
          subject: "panel",
          passed: true,
          scores: [
            { criterion: "artifacts", score: 1, reason: "640x360 as requested", decisive: true },
            // Advisory: never part of a decision, so it must not drag location down.
            { criterion: "location", score: 0.1, reason: "21% matches the plate", decisive: false },
          ],
        },
        {
          attemptId,
          tier: "judge",
          subject: "panel",
          passed: identity >= 0.75,
          scores: {
            characters: [
              {
                id: "mia",
                identity: { score: identity, reason: "face" },
                wardrobe: { score: 0.9, reason: "top" },
              },
            ],
            charactersPresent: { score: 1, reason: "all there", missing: [], extra: [] },
            location: { score: 0.9, reason: "the living room" },
            props: { score: 0.9, reason: "TV" },
            continuity: null,
            artifacts: { score: 0.95, reason: "clean" },
          },
        },
      ]);
    }
    // A pending and a superseded escalation are not decisions.
    await db.insert(escalations).values([
      {
        id: "esc-p",
        runId: "run-1",
        shotId: "1C",
        stage: "panel",
        attemptId: 1,
        reason: "r",
        status: "pending",
        requestedBy: "ana",
      },
      {
        id: "esc-s",
        runId: "run-1",
        shotId: "1C",
        stage: "panel",
        attemptId: 2,
        reason: "r",
        status: "superseded",
        requestedBy: "ana",
      },
    ]);
  });
  afterAll(async () => test.drop());

  it("reports agreement, false accepts and rejects, the best threshold and a ready line", async () => {
    const result = await calibrate(test.database.db, DEFAULT_THRESHOLDS, {});
    expect(result.data.decisions).toBe(10);
    const identity = result.data.criteria.find((item) => item.criterion === "identity");
    expect(identity).toMatchObject({ agreements: 6, falseAccepts: 0, falseRejects: 4, best: 0.59 });
    const location = result.data.criteria.find((item) => item.criterion === "location");
    expect(location).toMatchObject({ decisions: 6, agreements: 6, needs: 4 });
    expect(result.data.thresholdsLine).toMatch(/^CONTINUITY_THRESHOLDS=identity=0\.59,wardrobe=0\.7,/);
    expect(result.text).toMatch(/location .* needs 4 more decisions/);
  });

  it("--since keeps only later decisions, and a bad day is refused by name", async () => {
    const later = await calibrate(test.database.db, DEFAULT_THRESHOLDS, { since: "2026-02-01" });
    expect(later.data.decisions).toBe(8);
    await expect(calibrate(test.database.db, DEFAULT_THRESHOLDS, { since: "March" })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(/since.*YYYY-MM-DD/),
    });
  });
});
