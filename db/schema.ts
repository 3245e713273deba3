import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** Money columns are integer micro-dollars; bigint in the database, a safe JS number in code. */
const micros = (name: string) => bigint(name, { mode: "number" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** A lock of the bible: the content hash of every reference and manifest at one moment. */
export const bibleLocks = pgTable("bible_locks", {
  id: serial("id").primaryKey(),
  bibleUri: text("bible_uri").notNull(),
  /** sha256 over the sorted key/hash list: the bible version a run validates against. */
  version: text("version").notNull(),
  entries: jsonb("entries").$type<Record<string, string>>().notNull(),
  lockedBy: text("locked_by").notNull(),
  createdAt: createdAt(),
});

export const runs = pgTable("runs", {
  id: text("id").primaryKey(),
  bibleUri: text("bible_uri").notNull(),
  bibleVersion: text("bible_version").notNull(),
  scope: text("scope").notNull(),
  sceneId: text("scene_id").notNull(),
  /** pending | running | stitching (the scene gate is at work) | done | halted | stopped | escalated | failed */
  status: text("status").notNull(),
  frames: boolean("frames").notNull().default(false),
  // The run's cap lives in its budget row (budgets, scope run:<id>) only: that is what the
  // governor enforces, so there is no second copy to disagree with it.
  estimateExpectedMicros: micros("estimate_expected_micros").notNull(),
  estimateWorstMicros: micros("estimate_worst_micros").notNull(),
  haltReason: text("halt_reason"),
  requestedBy: text("requested_by").notNull(),
  /** The config the run was started with that changes its outcome (thresholds, caps, frame size). */
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const runShots = pgTable(
  "run_shots",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    shotId: text("shot_id").notNull(),
    order: integer("order").notNull(),
    /** The shot's durable state machine (see src/core/shot-machine.ts), as JSON. */
    state: jsonb("state").$type<Record<string, unknown>>().notNull(),
    /** Derived from state for queries: pending | running | accepted | escalated | failed | halted | stopped */
    status: text("status").notNull(),
    /** A worker holds a lease while it works on the shot, so no shot runs in two workers at once. */
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.shotId] })],
);

/**
 * A whole-scene run's last gate (stitch, then judge every cut), one row per run: its durable state
 * machine (src/core/scene-machine.ts) and the lease of the worker at it, exactly as for shots.
 */
export const sceneGates = pgTable("scene_gates", {
  runId: text("run_id")
    .primaryKey()
    .references(() => runs.id),
  state: jsonb("state").$type<Record<string, unknown>>().notNull(),
  /** Derived from state for queries: pending | stitching | passed | escalated | failed | halted | stopped */
  status: text("status").notNull(),
  leaseOwner: text("lease_owner"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One artifact made or adopted for a shot's stage: a panel, an end panel, a clip, the stitched scene. */
export const attempts = pgTable(
  "attempts",
  {
    id: serial("id").primaryKey(),
    runId: text("run_id").notNull(),
    shotId: text("shot_id").notNull(),
    /** panel | end-panel | video | scene */
    stage: text("stage").notNull(),
    number: integer("number").notNull(),
    /** generated | existing (a manifest panel) | approved */
    source: text("source").notNull(),
    artifactKey: text("artifact_key"),
    artifactHash: text("artifact_hash"),
    /** Extra artifacts (keyframes, thumbnails) by name. */
    extras: jsonb("extras").$type<Record<string, string>>().notNull().default({}),
    /** pending | passed | failed | error */
    verdict: text("verdict").notNull().default("pending"),
    score: doublePrecision("score"),
    blame: text("blame"),
    failures: jsonb("failures").$type<unknown[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("attempts_run_shot_stage_number").on(t.runId, t.shotId, t.stage, t.number)],
);

/** Every judgement of an attempt, local tier and paid judge alike. */
export const validations = pgTable(
  "validations",
  {
    id: serial("id").primaryKey(),
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => attempts.id),
    /** local | judge */
    tier: text("tier").notNull(),
    /** What was looked at: the panel itself, or a keyframe label like "last". */
    subject: text("subject").notNull(),
    scores: jsonb("scores").$type<unknown>().notNull(),
    passed: boolean("passed").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("validations_attempt").on(t.attemptId)],
);

/**
 * The cost ledger. A row is written (reserved) before a paid call starts and settled with the
 * actual cost after; released rows cost nothing; uncertain rows are charged at their estimate.
 */
export const ledger = pgTable(
  "ledger",
  {
    id: serial("id").primaryKey(),
    runId: text("run_id").notNull(),
    shotId: text("shot_id"),
    attemptId: integer("attempt_id"),
    day: text("day").notNull(),
    action: text("action").notNull(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    priceVersion: text("price_version").notNull(),
    simulated: boolean("simulated").notNull(),
    /** reserved | settled | released | uncertain */
    status: text("status").notNull(),
    reservedMicros: micros("reserved_micros").notNull(),
    actualMicros: micros("actual_micros"),
    usage: jsonb("usage").$type<Record<string, number>>(),
    note: text("note"),
    createdAt: createdAt(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (t) => [index("ledger_run").on(t.runId), index("ledger_day").on(t.day)],
);

/**
 * Running totals against caps, one row per scope ("run:<id>", "day:<YYYY-MM-DD>"). A reservation
 * is one conditional UPDATE per row inside a transaction, so concurrent reservations serialise on
 * the row lock and can never together pass the cap.
 */
export const budgets = pgTable("budgets", {
  scope: text("scope").primaryKey(),
  capMicros: micros("cap_micros").notNull(),
  committedMicros: micros("committed_micros").notNull().default(0),
});

/** A provider's long operation, stored before polling so a restart resumes instead of paying again. */
export const providerOperations = pgTable(
  "provider_operations",
  {
    id: serial("id").primaryKey(),
    ledgerId: integer("ledger_id").notNull(),
    runId: text("run_id").notNull(),
    shotId: text("shot_id").notNull(),
    attemptId: integer("attempt_id").notNull(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    clientRequestId: text("client_request_id").notNull(),
    operationId: text("operation_id"),
    /** submitting | submitted | succeeded | failed (the provider ran it) | not-sent (the provider never kept it) | uncertain | abandoned: see src/app/governor/long-job.ts */
    status: text("status").notNull(),
    detail: text("detail"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("provider_operations_client_request").on(t.clientRequestId)],
);

export const escalations = pgTable(
  "escalations",
  {
    id: text("id").primaryKey(),
    runId: text("run_id").notNull(),
    shotId: text("shot_id").notNull(),
    stage: text("stage").notNull(),
    attemptId: integer("attempt_id"),
    /** A decision binds to this exact artifact. */
    artifactHash: text("artifact_hash"),
    reason: text("reason").notNull(),
    blame: text("blame"),
    scores: jsonb("scores").$type<unknown>(),
    /** pending | approved | rejected | superseded */
    status: text("status").notNull(),
    requestedBy: text("requested_by").notNull(),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("escalations_run").on(t.runId)],
);

/** Chat deliveries already handled, so a platform's retried event is handled once. */
export const chatEvents = pgTable(
  "chat_events",
  {
    platform: text("platform").notNull(),
    eventId: text("event_id").notNull(),
    receivedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.eventId] })],
);

/** Process-wide switches shared by every worker through the database (the /stop flag). */
export const control = pgTable("control", {
  key: text("key").primaryKey(),
  value: jsonb("value").$type<unknown>().notNull(),
  updatedBy: text("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
});
