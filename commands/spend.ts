import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { providerOverrunMicros } from "../db/queries/budget.ts";
import { dayIncidents, spendByModel } from "../db/queries/spend.ts";
import { dayOf } from "../src/app/engine/run-settings.ts";
import { formatUsd } from "../src/core/money.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a day as YYYY-MM-DD")
    .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), "not a real date")
    .optional(),
  days: z.number().int().min(1).max(31).default(1),
});

export interface SpendData {
  days: string[];
  totalUsd: string;
  totalMicros: number;
  simulatedMicros: number;
  byModel: {
    day: string;
    provider: string;
    model: string;
    simulated: boolean;
    calls: number;
    usd: string;
    micros: number;
  }[];
  runsHalted: number;
  shotsEscalated: number;
  /** What providers billed past their reservations (each one also halted its run): should stay 0. */
  providerOverrunMicros: number;
  providerOverrunUsd: string;
}

/** The days ending at `day` (inclusive), newest last. */
function daysEnding(day: string, count: number): string[] {
  const end = Date.parse(`${day}T12:00:00Z`);
  return Array.from({ length: count }, (_, index) =>
    new Date(end - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** `continuity spend [--day YYYY-MM-DD]`: what was spent, by provider and model, plus halts and escalations. */
export async function spend(
  db: Db,
  input: { day?: string; days?: number },
  context: { now: Date; timezone: string },
): Promise<CommandView<SpendData>> {
  const args = parseArgs(argsSchema, input, "spend");
  const days = daysEnding(args.day ?? dayOf(context.now, context.timezone), args.days);
  const rows = await spendByModel(db, days);
  const incidents = await dayIncidents(db, days, context.timezone);
  const totalMicros = rows.reduce((sum, row) => sum + row.micros, 0);
  const overrun = await providerOverrunMicros(db, { days });
  const data: SpendData = {
    days,
    totalUsd: formatUsd(totalMicros),
    totalMicros,
    simulatedMicros: rows.filter((row) => row.simulated).reduce((sum, row) => sum + row.micros, 0),
    byModel: rows.map((row) => ({ ...row, usd: formatUsd(row.micros) })),
    ...incidents,
    providerOverrunMicros: overrun,
    providerOverrunUsd: formatUsd(overrun),
  };
  const period = days.length === 1 ? days[0] : `${days[0]} to ${days.at(-1)}`;
  const lines = [
    `spend ${period} (${context.timezone}): ${data.totalUsd}${data.simulatedMicros ? ` (${formatUsd(data.simulatedMicros)} simulated)` : ""}`,
    ...data.byModel.map(
      (row) =>
        `  ${row.day} ${row.provider}/${row.model}${row.simulated ? " (simulated)" : ""}: ${row.calls} calls, ${row.usd}`,
    ),
    `runs halted: ${data.runsHalted}; shots escalated: ${data.shotsEscalated}`,
    `provider overrun (billed past reservations): ${data.providerOverrunUsd}`,
  ];
  return view(data, lines.join("\n"));
}
