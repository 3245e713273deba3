import { z } from "zod";
import { AppError } from "./app-error.ts";

/**
 * Ids become storage keys and file names, so they are plain slugs: letters, digits, `_` and `-`,
 * starting with a letter or digit. Anything like `../` or `a/b` is refused everywhere.
 */
const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

export const slugSchema = z
  .string()
  .regex(SLUG, "must be a plain id: letters, digits, '_' or '-', starting with a letter or digit");

export function assertSlug(value: string, what: string): string {
  if (!isSlug(value)) {
    throw new AppError(
      "INVALID_ID",
      `${what} ${JSON.stringify(value)} is not a plain id (letters, digits, '_' or '-')`,
      {
        value,
      },
    );
  }
  return value;
}
