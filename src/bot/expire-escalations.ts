import { decide } from "../../commands/decide.ts";
import { listEscalations } from "../../db/queries/escalations.ts";
import { isAppError } from "../core/app-error.ts";
import type { BotContext } from "./bot-context.ts";
import { TIMEOUT_DECIDER } from "./present/user-mention.ts";

/**
 * An escalation nobody decided within the configured time counts as ❌: it is rejected through
 * `decide` like any other decision (recorded with who = "timeout"), and its message is edited.
 * Safe to run in several processes at once: a decision lands only on a still-pending escalation.
 */
export async function expireEscalations(ctx: BotContext, now: Date): Promise<string[]> {
  const minutes = ctx.settings.escalationTimeoutMinutes;
  if (minutes <= 0) return [];
  const cutoff = now.getTime() - minutes * 60_000;
  const expired: string[] = [];
  for (const escalation of await listEscalations(ctx.runtime.deps.db, { status: "pending" })) {
    if (escalation.createdAt.getTime() > cutoff) continue;
    try {
      await decide(ctx.runtime, "reject", { id: escalation.id, by: TIMEOUT_DECIDER, wait: false });
      expired.push(escalation.id);
    } catch (error) {
      // Decided or superseded a moment ago by someone else: nothing to do.
      if (!isAppError(error)) throw error;
    }
    ctx.threads.touch(escalation.runId);
  }
  return expired;
}
