import { decide } from "../../commands/decide.ts";
import { claimDelivery } from "../../db/queries/chat-deliveries.ts";
import { findChatThread, findEscalationLink } from "../../db/queries/chat-threads.ts";
import { describeError, isErrorOfKind } from "../core/app-error.ts";
import { approversNote, isApprover } from "./authorise.ts";
import type { BotContext } from "./bot-context.ts";
import type { MessageRef, Place, Platform } from "./chat-port.ts";
import { platformUser } from "./present/user-mention.ts";
import { reactionDecision } from "./reaction-decision.ts";

export interface ReactionInput {
  platform: Platform;
  user: string;
  emoji: string;
  message: MessageRef;
  /** Unique per delivery (Slack event_id), for handling a retried event once. */
  deliveryId: string;
}

/**
 * A reaction on an escalation message: ✅ or ❌ from an approver decides it through the same
 * `decide` command as the terminal, which binds the decision to the escalated artifact and refuses
 * a superseded escalation or a requester approving their own spend. The message is then edited by
 * the thread's sync to show the decision. Anyone else's reaction is ignored with a private note.
 */
export async function handleReaction(ctx: BotContext, input: ReactionInput): Promise<void> {
  const decision = reactionDecision(input.emoji);
  const chat = ctx.chats[input.platform];
  if (!decision || !chat || input.user === chat.botUserId()) return;
  const { db } = ctx.runtime.deps;
  const link = await findEscalationLink(db, input.platform, input.message);
  if (!link) return;
  if (!(await claimDelivery(db, input.platform, `reaction:${input.deliveryId}`))) return;

  const thread = await findChatThread(db, link.runId);
  const place: Place = thread?.place ?? { channel: input.message.channel };
  const note = (text: string) =>
    chat
      .privateNote(input.user, place, text)
      .catch((error) => ctx.log(`private note to ${input.user} failed: ${(error as Error).message}`));

  if (!isApprover(ctx.settings, input.user)) {
    await note(
      `Your ${decision === "approve" ? "✅" : "❌"} on escalation ${link.escalationId} was ignored: ${approversNote(ctx.settings, "decide escalations")}.`,
    );
    return;
  }
  try {
    await decide(ctx.runtime, decision, {
      id: link.escalationId,
      by: platformUser(input.platform, input.user),
      wait: false,
    });
  } catch (error) {
    // A refusal (kind "decision") leaves everything as it was; the reactor is told why, privately.
    if (!isErrorOfKind(error, "decision")) {
      ctx.log(`deciding ${link.escalationId}: ${(error as Error).stack ?? error}`);
    }
    await note(`Nothing was decided on escalation ${link.escalationId}: ${describeError(error).message}`);
    return;
  } finally {
    ctx.threads.touch(link.runId);
  }
}
