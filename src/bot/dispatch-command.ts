import { claimDelivery } from "../../db/queries/chat-deliveries.ts";
import { describeError } from "../core/app-error.ts";
import { approversNote, channelAllowed, isApprover, notInChannelNote } from "./authorise.ts";
import type { BotContext } from "./bot-context.ts";
import type { CommandReplies } from "./chat-port.ts";
import { parseCommand } from "./command-args.ts";
import type { Invocation } from "./invocation.ts";
import { runChatCommand } from "./run-chat-command.ts";

export type { Invocation } from "./invocation.ts";

/**
 * Checks a command (channel, arguments, who may) and acknowledges it at once: a refusal is the
 * acknowledgement's private text; anything else is acknowledged empty and worked on afterwards,
 * so the platform's 3-second deadline never depends on how long the work takes.
 */
export async function dispatchCommand(
  ctx: BotContext,
  invocation: Invocation,
  replies: CommandReplies,
): Promise<void> {
  const { db } = ctx.runtime.deps;
  // Several processes may receive one interaction (two Discord connections on one token): one handles it.
  let first: boolean;
  try {
    first = await claimDelivery(db, invocation.platform, `command:${invocation.deliveryId}`);
  } catch (error) {
    ctx.log(`/${invocation.name}: ${(error as Error).message}`);
    return replies.ack(
      `continuity cannot reach its database right now (${describeError(error).message}); nothing was done`,
    );
  }
  if (!first) return;
  if (!channelAllowed(ctx.settings, invocation.channel)) return replies.ack(notInChannelNote(ctx.settings));
  const parsed = parseCommand(invocation.name, { text: invocation.text, options: invocation.options });
  if (!parsed.ok) return replies.ack(parsed.message);
  if (parsed.command.name === "resume" && !isApprover(ctx.settings, invocation.user)) {
    return replies.ack(approversNote(ctx.settings, "resume"));
  }
  await replies.ack();
  const command = parsed.command;
  ctx.track(
    runChatCommand(ctx, command, invocation, replies).catch(async (error) => {
      const { code, message } = describeError(error);
      if (ctx.closing()) return ctx.log(`/${command.name} abandoned at shutdown: ${message}`);
      if (code === "INTERNAL") ctx.log(`/${command.name} failed: ${(error as Error).stack ?? message}`);
      await replies
        .private(`/${command.name} failed: ${code}: ${message}`)
        .catch((reply) => ctx.log(`could not answer: ${reply}`));
    }),
  );
}
