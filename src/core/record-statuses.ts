/**
 * The statuses a stored record can be in, each list the one source of both its TypeScript union
 * and its table's CHECK constraint in the database schema, so code and database cannot drift apart.
 * Shot and scene-gate statuses live with their state machines.
 */

/** A run: `stitching` while its scene gate is at work. */
export const RUN_STATUSES = [
  "pending",
  "running",
  "stitching",
  "done",
  "halted",
  "stopped",
  "escalated",
  "failed",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** An attempt's verdict: pending until judged; error when it could not be judged. */
export const ATTEMPT_VERDICTS = ["pending", "passed", "failed", "error"] as const;
export type AttemptVerdict = (typeof ATTEMPT_VERDICTS)[number];

export const ESCALATION_STATUSES = ["pending", "approved", "rejected", "superseded"] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** A ledger row: see db/queries/budget.ts for how each is charged. */
export const LEDGER_STATUSES = ["reserved", "settled", "released", "uncertain"] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** A provider's long operation: see src/app/governor/long-job.ts. */
export const OPERATION_STATUSES = [
  "submitting",
  "submitted",
  "succeeded",
  "failed",
  "not-sent",
  "uncertain",
  "abandoned",
] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
