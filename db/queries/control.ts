import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../create-db.ts";
import { control } from "../schema.ts";
import { decodeColumn } from "./decode-column.ts";

const STOP = "stop";
const stopValueSchema = z.looseObject({ stopped: z.boolean().optional() });

export interface StopFlag {
  stopped: boolean;
  by?: string | null;
  at?: Date;
}

export async function readStopFlag(db: Db): Promise<StopFlag> {
  const [row] = await db.select().from(control).where(eq(control.key, STOP));
  if (!row) return { stopped: false };
  return {
    stopped:
      decodeColumn(stopValueSchema, row.value, { table: "control", id: STOP, column: "value" }).stopped ===
      true,
    by: row.updatedBy,
    at: row.updatedAt,
  };
}

export async function writeStopFlag(db: Db, stopped: boolean, by: string): Promise<void> {
  await db
    .insert(control)
    .values({ key: STOP, value: { stopped }, updatedBy: by, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: control.key,
      set: { value: { stopped }, updatedBy: by, updatedAt: new Date() },
    });
}
