import type { z } from "zod";
import { AppError } from "../../src/core/app-error.ts";

/** Which stored value is being read, for the error when it does not decode. */
export interface ColumnAt {
  table: string;
  id: string;
  column: string;
}

/**
 * Decodes a JSON column once, where it leaves the database, so the code past the query modules
 * holds real types instead of casts. A value that does not decode was written by something else
 * (a hand edit, a newer or broken version): it fails loudly, naming the row and the path, rather
 * than letting a malformed state drive a paid render.
 */
export function decodeColumn<T>(schema: z.ZodType<T>, value: unknown, at: ColumnAt): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : "(the value itself)";
  return fail(at, path, issue?.message ?? "does not decode");
}

function fail(at: ColumnAt, path: string, why: string): never {
  throw new AppError(
    "DATABASE_ROW_INVALID",
    `${at.table} row ${at.id}: ${at.column} does not decode at ${path}: ${why}`,
    { ...at, path },
  );
}
