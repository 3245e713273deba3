import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../create-db.ts";
import { bibleLocks } from "../schema.ts";
import { decodeColumn } from "./decode-column.ts";

export type BibleLockRow = typeof bibleLocks.$inferSelect;

const entriesSchema = z.record(z.string(), z.string());

export async function findLatestBibleLock(db: Db, bibleUri: string): Promise<BibleLockRow | undefined> {
  const [row] = await db
    .select()
    .from(bibleLocks)
    .where(eq(bibleLocks.bibleUri, bibleUri))
    .orderBy(desc(bibleLocks.id))
    .limit(1);
  return (
    row && {
      ...row,
      entries: decodeColumn(entriesSchema, row.entries, {
        table: "bible_locks",
        id: String(row.id),
        column: "entries",
      }),
    }
  );
}

export async function insertBibleLock(
  db: Db,
  lock: { bibleUri: string; version: string; entries: Record<string, string>; lockedBy: string },
): Promise<BibleLockRow> {
  const [row] = await db.insert(bibleLocks).values(lock).returning();
  if (!row) throw new Error("insert into bible_locks returned nothing");
  return row;
}
