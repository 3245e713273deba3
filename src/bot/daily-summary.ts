import { type SpendData, spend } from "../../commands/spend.ts";
import type { Db } from "../../db/create-db.ts";
import { claimDelivery, releaseDelivery } from "../../db/queries/chat-deliveries.ts";
import { dayOf } from "../app/engine/run-settings.ts";
import type { ChatPort, OutMessage } from "./chat-port.ts";

export function summaryOut(data: SpendData, timezone: string): OutMessage {
  const day = data.days.at(-1) ?? "";
  return {
    title: `📊 Spend on ${day} (${timezone}): ${data.totalUsd}`,
    text:
      data.byModel.length === 0
        ? "Nothing was spent."
        : `${data.byModel.reduce((sum, row) => sum + row.calls, 0)} paid calls.`,
    fields: [
      ...data.byModel.slice(0, 20).map((row) => ({
        name: `${row.provider}/${row.model}${row.simulated ? " (simulated)" : ""}`,
        value: `${row.calls} calls, ${row.usd}`,
      })),
      { name: "runs halted", value: String(data.runsHalted) },
      { name: "shots escalated", value: String(data.shotsEscalated) },
    ],
    footer: "/spend week shows the last 7 days.",
    tone: "info",
  };
}

/**
 * Posts the day's spend (in the configured time zone) to the summary channel, once per day. The
 * schedule already fires once across processes; the day's claim makes a re-delivered or doubly
 * fired job harmless too. A post that fails gives the claim back, so the job's retry can post.
 */
export async function postDailySummary(input: {
  db: Db;
  chat: ChatPort;
  channel: string;
  timezone: string;
  now: Date;
}): Promise<boolean> {
  const day = dayOf(input.now, input.timezone);
  const claim = `daily:${day}`;
  if (!(await claimDelivery(input.db, "summary", claim))) return false;
  try {
    const view = await spend(input.db, { day }, { now: input.now, timezone: input.timezone });
    await input.chat.post({ channel: input.channel }, summaryOut(view.data, input.timezone));
    return true;
  } catch (error) {
    await releaseDelivery(input.db, "summary", claim);
    throw error;
  }
}
