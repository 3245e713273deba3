import { AppError } from "../src/core/app-error.ts";

/** A connection string as it may be shown to a user: the password replaced, so logs and chat never carry it. */
export function scrubDatabaseUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    // Not a URL: it may still hold a password after "user:", so show only its scheme-like head.
    return text.replace(/:[^:@/]*@/, ":***@");
  }
}

/** Why a DATABASE_URL is unusable before any connection is tried, or undefined when it is usable. */
export function databaseUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "expected a PostgreSQL URL like postgres://user:password@host:5432/database";
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:")
    return `expected a postgres:// or postgresql:// URL, not ${url.protocol}//`;
  if (!url.hostname) return "expected a host, like postgres://user@127.0.0.1:5432/database";
  if (url.pathname.replace(/^\//, "") === "") return "expected a database name after the host";
  return undefined;
}

/** Errors that mean the server or the link to it is gone (not that a statement was wrong). */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  // Not CONNECTION_ENDED: that is this process ending its own client, nothing to retry.
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, and the connection class 08.
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
]);

/** PostgreSQL refusing this URL for good: no such database, no such role, bad password. */
const REFUSAL_CODES = new Set(["3D000", "28000", "28P01"]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Follows `cause` (drizzle wraps driver errors as "Failed query: …"). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 5) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

export function isConnectionLoss(error: unknown): boolean {
  return causes(error).some((e) => {
    const code = codeOf(e);
    return code !== undefined && CONNECTION_CODES.has(code);
  });
}

/** The driver's message for the innermost cause that carries one. */
function innermostMessage(error: unknown): string {
  const chain = causes(error);
  for (const e of chain.reverse()) if (e instanceof Error && e.message) return e.message;
  return String(error);
}

/**
 * Maps a failure to open or reach the database to a coded error naming DATABASE_URL (without its
 * password); anything else is returned unchanged.
 */
export function describeDatabaseFailure(error: unknown, url: string | undefined): unknown {
  if (error instanceof AppError) return error;
  const where = url ? `DATABASE_URL ${scrubDatabaseUrl(url)}` : "the embedded database";
  const refused = causes(error).some((e) => REFUSAL_CODES.has(codeOf(e) ?? ""));
  if (refused || isConnectionLoss(error)) {
    return new AppError("DATABASE_UNREACHABLE", `cannot reach ${where}: ${innermostMessage(error)}`, {
      cause: codeOf(causes(error).at(-1)),
    });
  }
  return error;
}
