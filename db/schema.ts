import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
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
import { CHAT_PLATFORMS } from "../src/core/chat-platforms.ts";
import {
  ATTEMPT_VERDICTS,
  ESCALATION_STATUSES,
  LEDGER_STATUSES,
  OPERATION_STATUSES,
  RUN_STATUSES,
} from "../src/core/record-statuses.ts";
import type { RunSettings } from "../src/core/run-settings.ts";
import { SCENE_STATUSES, type SceneState } from "../src/core/scene-machine.ts";
import { SHOT_STATUSES, type ShotState } from "../src/core/shot-machine.ts";
import type { EscalationEvidence, RecordedFailure } from "../src/core/verdict.ts";

/** Money columns are integer micro-dollars; bigint in the database, a safe JS number in code. */
const micros = (name: string) => bigint(name, { mode: "number" });
/**
 * A CHECK that a status column holds one of `values`, the same const array its TypeScript union
 * is made from: a status the code does not know can never be stored, nor one the database lacks.
 */
const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  // The values are this code's own constants (no quotes in them), so inlining them is safe.
  check(name, sql`${column} in (${sql.raw(values.map((value) => `'${value}'`).join(", "))})`);
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

export const runs = pgTable(
  "runs",
  {
    id: text("id").primaryKey(),
    bibleUri: text("bible_uri").notNull(),
    bibleVersion: text("bible_version").notNull(),
    scope: text("scope").notNull(),
    sceneId: text("scene_id").notNull(),
    /** See RUN_STATUSES: `stitching` while the scene gate is at work. */
    status: text("status", { enum: RUN_STATUSES }).notNull(),
    frames: boolean("frames").notNull().default(false),
    // The run's cap lives in its budget row (budgets, scope run:<id>) only: that is what the
    // governor enforces, so there is no second copy to disagree with it.
    estimateExpectedMicros: micros("estimate_expected_micros").notNull(),
    estimateWorstMicros: micros("estimate_worst_micros").notNull(),
    haltReason: text("halt_reason"),
    requestedBy: text("requested_by").notNull(),
    /** The config the run was started with that changes its outcome (thresholds, caps, frame size). */
    settings: jsonb("settings").$type<RunSettings>().notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [oneOf("runs_status_check", t.status, RUN_STATUSES)],
);

export const runShots = pgTable(
  "run_shots",
  {
    runId: text("run_id")
      .notNull()
      .references(() => runs.id),
    shotId: text("shot_id").notNull(),
    order: integer("order").notNull(),
    /** The shot's durable state machine (see src/core/shot-machine.ts), as JSON. */
    state: jsonb("state").$type<ShotState>().notNull(),
    /** Derived from state for queries (SHOT_STATUSES). */
    status: text("status", { enum: SHOT_STATUSES }).notNull(),
    /** A worker holds a lease while it works on the shot, so no shot runs in two workers at once. */
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.shotId] }),
    oneOf("run_shots_status_check", t.status, SHOT_STATUSES),
  ],
);

/**
 * A whole-scene run's last gate (stitch, then judge every cut), one row per run: its durable state
 * machine (src/core/scene-machine.ts) and the lease of the worker at it, exactly as for shots.
 */
export const sceneGates = pgTable(
  "scene_gates",
  {
    runId: text("run_id")
      .primaryKey()
      .references(() => runs.id),
    state: jsonb("state").$type<SceneState>().notNull(),
    /** Derived from state for queries (SCENE_STATUSES). */
    status: text("status", { enum: SCENE_STATUSES }).notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [oneOf("scene_gates_status_check", t.status, SCENE_STATUSES)],
);

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
    /** See ATTEMPT_VERDICTS. */
    verdict: text("verdict", { enum: ATTEMPT_VERDICTS }).notNull().default("pending"),
    score: doublePrecision("score"),
    blame: text("blame"),
    failures: jsonb("failures").$type<RecordedFailure[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("attempts_run_shot_stage_number").on(t.runId, t.shotId, t.stage, t.number),
    oneOf("attempts_verdict_check", t.verdict, ATTEMPT_VERDICTS),
  ],
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
    /** See LEDGER_STATUSES. */
    status: text("status", { enum: LEDGER_STATUSES }).notNull(),
    reservedMicros: micros("reserved_micros").notNull(),
    actualMicros: micros("actual_micros"),
    usage: jsonb("usage").$type<Record<string, number>>(),
    note: text("note"),
    createdAt: createdAt(),
    settledAt: timestamp("settled_at", { withTimezone: true }),
  },
  (t) => [
    index("ledger_run").on(t.runId),
    index("ledger_day").on(t.day),
    // Taking an attempt up closes what its dead worker left open: looked up by attempt.
    index("ledger_attempt").on(t.attemptId),
    oneOf("ledger_status_check", t.status, LEDGER_STATUSES),
  ],
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
    /** See OPERATION_STATUSES and src/app/governor/long-job.ts. */
    status: text("status", { enum: OPERATION_STATUSES }).notNull(),
    detail: text("detail"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("provider_operations_client_request").on(t.clientRequestId),
    index("provider_operations_ledger").on(t.ledgerId),
    index("provider_operations_attempt").on(t.attemptId),
    oneOf("provider_operations_status_check", t.status, OPERATION_STATUSES),
  ],
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
    /** The best attempt's evidence; null when no attempt was judged. */
    scores: jsonb("scores").$type<EscalationEvidence>(),
    /** See ESCALATION_STATUSES. */
    status: text("status", { enum: ESCALATION_STATUSES }).notNull(),
    requestedBy: text("requested_by").notNull(),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("escalations_run").on(t.runId),
    oneOf("escalations_status_check", t.status, ESCALATION_STATUSES),
  ],
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

/**
 * A run's chat thread and what has been posted in it (src/bot/store/thread-record.ts), so a
 * restarted bot carries on instead of posting everything again. The bot process posting in the
 * thread holds its lease: `lease_owner` names it and `lease_at` is its heartbeat, in database time.
 */
export const chatThreads = pgTable(
  "chat_threads",
  {
    runId: text("run_id").primaryKey(),
    platform: text("platform", { enum: CHAT_PLATFORMS }).notNull(),
    /** The root message in the channel, edited as the run goes. */
    rootChannel: text("root_channel").notNull(),
    rootMessageId: text("root_message_id").notNull(),
    /** Where the run's messages go: a channel, and a thread in it when the platform has them. */
    channel: text("channel").notNull(),
    threadId: text("thread_id"),
    requestedBy: text("requested_by").notNull(),
    /** Attempt ids whose message is posted. */
    posted: jsonb("posted").$type<number[]>().notNull().default([]),
    /** Escalations posted, by id: their message and the status last shown on it. */
    escalations: jsonb("escalations")
      .$type<Record<string, { message: { channel: string; id: string } | null; shown: string }>>()
      .notNull()
      .default({}),
    rootShown: text("root_shown").notNull().default(""),
    summarised: text("summarised"),
    /** False once the run is over and nothing in it waits on anyone. */
    open: boolean("open").notNull().default(true),
    leaseOwner: text("lease_owner"),
    leaseAt: timestamp("lease_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("chat_threads_open").on(t.open),
    oneOf("chat_threads_platform_check", t.platform, CHAT_PLATFORMS),
  ],
);

/** Which escalation a posted message stands for: a reaction arrives with only the message. */
export const chatEscalationMessages = pgTable(
  "chat_escalation_messages",
  {
    platform: text("platform", { enum: CHAT_PLATFORMS }).notNull(),
    channel: text("channel").notNull(),
    messageId: text("message_id").notNull(),
    runId: text("run_id").notNull(),
    escalationId: text("escalation_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.channel, t.messageId] }),
    oneOf("chat_escalation_messages_platform_check", t.platform, CHAT_PLATFORMS),
  ],
);

/** Process-wide switches shared by every worker through the database (the /stop flag). */
export const control = pgTable("control", {
  key: text("key").primaryKey(),
  /** Decoded by the query that owns the key (db/queries/control.ts). */
  value: jsonb("value").$type<unknown>().notNull(),
  updatedBy: text("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
});
