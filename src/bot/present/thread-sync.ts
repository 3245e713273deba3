import { createHash } from "node:crypto";
import type { Db } from "../../../db/create-db.ts";
import { findAttempt, listAttempts, listValidations } from "../../../db/queries/attempts.ts";
import { type ChatThread, linkEscalationMessage } from "../../../db/queries/chat-threads.ts";
import { listEscalations } from "../../../db/queries/escalations.ts";
import { findRun } from "../../../db/queries/runs.ts";
import { summariseRun } from "../../app/runs/run-summary.ts";
import { FINAL_RUN_STATUSES } from "../../app/runs/settle-run.ts";
import type { MediaTools } from "../../ports/media-tools.ts";
import type { Storage } from "../../ports/storage.ts";
import type { ChatPort } from "../chat-port.ts";
import { attemptMessage } from "./attempt-message.ts";
import { escalationMessage } from "./escalation-message.ts";
import { rootMessage, summaryMessage } from "./run-messages.ts";
import { scoreTable } from "./score-table.ts";

export interface SyncDeps {
  db: Db;
  artifacts: Storage;
  media: MediaTools;
  chat: ChatPort;
  approvers: readonly string[];
  allowSelfApproval: boolean;
  timeoutMinutes: number;
  /** Persists the record after every post, so a crash re-posts at most one message. */
  save(record: ChatThread): Promise<void>;
}

/** Runs that end here: nothing in them waits on anyone once no escalation is pending. */
const OVER = ["done", "failed", "halted"];

const digest = (value: unknown) =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

/**
 * Brings a run's thread up to date with the database: every judged attempt not yet shown, every
 * escalation (and, once decided, its edited message), the root's progress, and a summary each
 * time the run settles. The database is the truth, not the events, so work done by another
 * process, or while this bot was down, is posted all the same.
 */
export async function syncThread(deps: SyncDeps, record: ChatThread): Promise<void> {
  const { db, chat } = deps;
  const run = await findRun(db, record.runId);
  if (!run) {
    record.open = false;
    await deps.save(record);
    return;
  }
  const thresholds = run.settings.thresholds;

  const posted = new Set(record.posted);
  const fresh = (await listAttempts(db, run.id))
    .filter((attempt) => attempt.verdict !== "pending" && !posted.has(attempt.id))
    .sort((a, b) => a.id - b.id);
  const judgements = await listValidations(
    db,
    fresh.map((attempt) => attempt.id),
  );
  for (const attempt of fresh) {
    const message = await attemptMessage({
      attempt,
      judgements: judgements.filter((row) => row.attemptId === attempt.id),
      thresholds,
      artifacts: deps.artifacts,
      media: deps.media,
    });
    await chat.post(record.place, message);
    record.posted.push(attempt.id);
    await deps.save(record);
  }

  const escalations = await listEscalations(db, { runId: run.id });
  for (const escalation of escalations) {
    const known = record.escalations[escalation.id];
    if (known && (known.shown === escalation.status || !known.message)) continue;
    const attempt = escalation.attemptId === null ? undefined : await findAttempt(db, escalation.attemptId);
    const view = {
      platform: chat.platform,
      escalation,
      attempt,
      table: attempt ? scoreTable(await listValidations(db, [attempt.id]), thresholds) : [],
      approvers: deps.approvers,
      allowSelfApproval: deps.allowSelfApproval,
      timeoutMinutes: deps.timeoutMinutes,
    };
    if (known?.message) {
      await chat.update(known.message, escalationMessage(view));
      known.shown = escalation.status;
      await deps.save(record);
      continue;
    }
    const thumbnail = attempt?.extras.thumb
      ? await deps.artifacts.read(attempt.extras.thumb).catch(() => undefined)
      : undefined;
    const ref = await chat.post(
      record.place,
      escalationMessage({ ...view, ...(thumbnail ? { thumbnail } : {}) }),
      { editable: true },
    );
    record.escalations[escalation.id] = { message: ref ?? null, shown: escalation.status };
    await deps.save(record);
    if (ref) {
      await linkEscalationMessage(db, chat.platform, ref, { runId: run.id, escalationId: escalation.id });
      if (escalation.status === "pending") await chat.offerDecision(ref);
    }
  }

  const summary = await summariseRun(db, run);
  const root = rootMessage(summary, record.requestedBy);
  if (digest(root) !== record.rootShown) {
    await chat.update(record.root, root);
    record.rootShown = digest(root);
    await deps.save(record);
  }
  if (FINAL_RUN_STATUSES.includes(run.status)) {
    const mark = `${run.status}@${run.updatedAt.toISOString()}`;
    if (record.summarised !== mark) {
      await chat.post(record.place, summaryMessage(summary));
      record.summarised = mark;
    }
  }
  const waiting = escalations.some((escalation) => escalation.status === "pending");
  record.open = !(OVER.includes(run.status) && !waiting);
  await deps.save(record);
}
