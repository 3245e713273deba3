import { assertLeaseHeld, fenced } from "../../../db/queries/lease-fence.ts";
import {
  countOperations,
  findLatestOperation,
  insertOperation,
  type OperationRow,
  updateOperation,
} from "../../../db/queries/operations.ts";
import { AppError, describeError } from "../../core/app-error.ts";
import type { Micros } from "../../core/money.ts";
import { isProviderError, ProviderError } from "../../core/provider-error.ts";
import type { VideoStatus } from "../../ports/video-model.ts";
import type { EngineDeps } from "../engine/engine-deps.ts";
import { assertMayStart, type PaidCallTarget } from "./governor-target.ts";
import { assertStillRunning } from "./paid-call.ts";
import { openReservation, type Reservation, reservationOf } from "./reservation.ts";
import { retryDelayMs, shouldRetry } from "./retry-policy.ts";

/** A provider's long job (the vercel/ai shape): start returns an operation id, status is polled. */
export interface LongJob {
  target: PaidCallTarget & { shotId: string; attemptId: number };
  /** The most the job may cost: reserved once per submission and held while it is polled. */
  reserveMicros: Micros;
  /** Ours, per attempt: a resubmission after "never reached the provider" gets `-r<n>`. */
  baseRequestId: string;
  start(clientRequestId: string, signal: AbortSignal): Promise<{ operationId: string }>;
  status(operationId: string, signal: AbortSignal): Promise<VideoStatus>;
  /** Only for providers that can look a submission up by our id. */
  lookup?(clientRequestId: string): Promise<string | undefined>;
  costOf(status: Extract<VideoStatus, { state: "succeeded" }>): Micros;
  describeFailure(status: Extract<VideoStatus, { state: "failed" }>): string;
}

export type LongJobOutcome =
  | { state: "succeeded"; status: Extract<VideoStatus, { state: "succeeded" }> }
  | { state: "failed"; reason: string };

/**
 * Operation statuses: submitting (row written, provider maybe not told), submitted, succeeded,
 * failed (the provider ran it and it failed), not-sent (the provider never kept it; its
 * reservation was released), uncertain (nobody knows; a human decides), abandoned (the kill switch
 * stopped our polling; the provider's job goes on and is polled again on resume).
 *
 * Each attempt's latest operation decides what happens next, so a restart never submits twice
 * what the provider already has: only an attempt with no operation, or whose latest the provider
 * never kept, is submitted (again), under a request id no earlier submission used.
 */
export async function runLongJob(deps: EngineDeps, job: LongJob): Promise<LongJobOutcome> {
  const { target } = job;
  let operation = await findLatestOperation(deps.db, target.attemptId);
  if (operation?.status === "submitting") operation = await recoverSubmission(deps, job, operation);
  if (operation?.status === "uncertain") {
    throw new ProviderError(
      "SUBMISSION_UNCERTAIN",
      `the outcome of video submission ${operation.clientRequestId} is unknown; it is not re-sent blindly`,
      "terminal",
    );
  }
  if (operation?.status === "failed")
    return { state: "failed", reason: operation.detail ?? "video provider: failed" };
  if (!operation || operation.status === "not-sent") operation = await submit(deps, job);
  return poll(deps, job, operation);
}

async function submit(deps: EngineDeps, job: LongJob): Promise<OperationRow> {
  const { target } = job;
  for (let tryNumber = 1; ; tryNumber++) {
    await assertMayStart(deps, target.runId);
    const earlier = await countOperations(deps.db, target.attemptId);
    const requestId = earlier === 0 ? job.baseRequestId : `${job.baseRequestId}-r${earlier}`;
    // The reservation and the operation row commit together: no reservation without its operation.
    const { reservation, operation } = await fenced(deps.db, target.lease, async (tx) => {
      const held = await openReservation(deps, { ...target, lease: undefined }, job.reserveMicros, tx);
      const row = await insertOperation(tx, {
        ledgerId: held.ledgerId,
        runId: target.runId,
        shotId: target.shotId,
        attemptId: target.attemptId,
        provider: target.model.provider,
        model: target.model.modelId,
        clientRequestId: requestId,
      });
      return { reservation: reservationOf(deps, target, held.ledgerId), operation: row };
    });
    try {
      await assertStillRunning(deps, reservation);
    } catch (error) {
      await updateOperation(
        deps.db,
        operation.id,
        { status: "not-sent", detail: describeError(error).message },
        target.lease,
      );
      throw error;
    }
    try {
      const { operationId } = await job.start(requestId, new AbortController().signal);
      await updateOperation(deps.db, operation.id, { status: "submitted", operationId }, target.lease);
      return { ...operation, status: "submitted", operationId };
    } catch (error) {
      if (isProviderError(error) && error.kind === "uncertain") {
        await updateOperation(
          deps.db,
          operation.id,
          { status: "uncertain", detail: error.message },
          target.lease,
        );
        await reservation.markUncertain(error.message);
        throw new ProviderError(
          "SUBMISSION_UNCERTAIN",
          `the video submission ${requestId} got no answer; it is not re-sent blindly. Check the provider's console, then approve or reject. (${error.message})`,
          "terminal",
        );
      }
      const detail = describeError(error).message;
      await updateOperation(deps.db, operation.id, { status: "not-sent", detail }, target.lease);
      await reservation.release(detail);
      if (!shouldRetry(error, tryNumber, deps.callTries)) throw error;
      await deps.clock.sleep(retryDelayMs(error, tryNumber));
    }
  }
}

/** A worker died between writing the operation and storing the answer: ask the provider, or hand it to a human. */
async function recoverSubmission(
  deps: EngineDeps,
  job: LongJob,
  operation: OperationRow,
): Promise<OperationRow> {
  const { lease } = job.target;
  const reservation = reservationOf(deps, job.target, operation.ledgerId);
  const found = job.lookup ? await job.lookup(operation.clientRequestId) : undefined;
  if (found) {
    await updateOperation(deps.db, operation.id, { status: "submitted", operationId: found }, lease);
    return { ...operation, status: "submitted", operationId: found };
  }
  if (job.lookup) {
    // The provider can look submissions up and has none: it never received this one.
    await updateOperation(
      deps.db,
      operation.id,
      { status: "not-sent", detail: "never reached the provider" },
      lease,
    );
    await reservation.release("never reached the provider");
    return { ...operation, status: "not-sent" };
  }
  await updateOperation(
    deps.db,
    operation.id,
    { status: "uncertain", detail: "worker died during submission" },
    lease,
  );
  await reservation.markUncertain("worker died during submission");
  throw new ProviderError(
    "SUBMISSION_UNCERTAIN",
    `a worker died while submitting ${operation.clientRequestId}; it is not re-sent blindly. Check the provider's console, then approve or reject.`,
    "terminal",
  );
}

/**
 * Polls the provider's job under its reservation. Submitted, succeeded and abandoned operations
 * are all the provider's paid job, so they are polled again rather than submitted again.
 */
async function poll(deps: EngineDeps, job: LongJob, operation: OperationRow): Promise<LongJobOutcome> {
  const { lease } = job.target;
  const reservation: Reservation = reservationOf(deps, job.target, operation.ledgerId);
  const controller = new AbortController();
  for (;;) {
    const why = await deps.killSwitch.reason();
    if (why) {
      controller.abort();
      await updateOperation(deps.db, operation.id, { status: "abandoned", detail: why }, lease);
      // Submitted work is billed by the provider whether or not we wait for it.
      await reservation.markUncertain(`abandoned while polling: ${why}`);
      throw new AppError("STOPPED", `kill switch: ${why}`);
    }
    // A worker that lost the shot stops polling the new owner's job.
    await assertLeaseHeld(deps.db, lease);
    const status = await job.status(operation.operationId as string, controller.signal);
    if (status.state === "running") {
      await deps.clock.sleep(deps.pollIntervalMs);
      continue;
    }
    if (status.state === "failed") {
      const reason = job.describeFailure(status);
      await updateOperation(deps.db, operation.id, { status: "failed", detail: reason }, lease);
      // A filtered or failed generation is not billed by the providers we support.
      await reservation.release(reason);
      return { state: "failed", reason };
    }
    await reservation.settle(job.costOf(status), status.usage as Record<string, number>);
    await updateOperation(deps.db, operation.id, { status: "succeeded" }, lease);
    return { state: "succeeded", status };
  }
}
