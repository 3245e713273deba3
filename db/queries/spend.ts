import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../create-db.ts";
import { escalations, ledger, runs } from "../schema.ts";
import { decodeColumn } from "./decode-column.ts";

const usageSchema = z.record(z.string(), z.number()).nullable();

/** What a ledger row costs as far as anyone can know: the actual when closed, the reservation while open. */
const cost =
  sql<number>`coalesce(sum(coalesce(${ledger.actualMicros}, ${ledger.reservedMicros})), 0)`.mapWith(Number);

export async function runSpend(db: Db, runId: string): Promise<{ spent: number; open: number }> {
  const [row] = await db
    .select({
      spent:
        sql<number>`coalesce(sum(${ledger.actualMicros}) filter (where ${ledger.status} in ('settled','uncertain')), 0)`.mapWith(
          Number,
        ),
      open: sql<number>`coalesce(sum(${ledger.reservedMicros}) filter (where ${ledger.status} = 'reserved'), 0)`.mapWith(
        Number,
      ),
    })
    .from(ledger)
    .where(eq(ledger.runId, runId));
  return row ?? { spent: 0, open: 0 };
}

export async function spendByModel(db: Db, days: string[]) {
  return db
    .select({
      day: ledger.day,
      provider: ledger.provider,
      model: ledger.model,
      simulated: ledger.simulated,
      calls: sql<number>`count(*)`.mapWith(Number),
      micros: cost,
    })
    .from(ledger)
    .where(and(inArray(ledger.day, days), inArray(ledger.status, ["settled", "uncertain", "reserved"])))
    .groupBy(ledger.day, ledger.provider, ledger.model, ledger.simulated)
    .orderBy(ledger.day, ledger.provider, ledger.model);
}

export async function ledgerRows(db: Db, runId: string) {
  const rows = await db.select().from(ledger).where(eq(ledger.runId, runId)).orderBy(ledger.id);
  return rows.map((row) => ({
    ...row,
    usage: decodeColumn(usageSchema, row.usage, { table: "ledger", id: String(row.id), column: "usage" }),
  }));
}

/** Runs halted and shots escalated on the given days (in the given time zone). */
export async function dayIncidents(db: Db, days: string[], timezone: string) {
  const onDays = (column: typeof runs.createdAt | typeof escalations.createdAt) =>
    sql`to_char(${column} at time zone ${timezone}, 'YYYY-MM-DD') in ${days}`;
  const [halted] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(runs)
    .where(and(eq(runs.status, "halted"), onDays(runs.createdAt)));
  const [escalated] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(escalations)
    .where(onDays(escalations.createdAt));
  return { runsHalted: halted?.count ?? 0, shotsEscalated: escalated?.count ?? 0 };
}
