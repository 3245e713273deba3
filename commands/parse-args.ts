import type { z } from "zod";
import { AppError } from "../src/core/app-error.ts";
import { formatPath } from "../src/core/manifest.ts";

/** Validates a command's arguments; the message names the argument and what was expected. */
export function parseArgs<S extends z.ZodType>(schema: S, input: unknown, command: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new AppError("INVALID_ARGUMENT", `${command}: ${lines.join("; ")}`, { issues: lines });
}
