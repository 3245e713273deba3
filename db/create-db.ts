import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres, { type Sql } from "postgres";
import { AppError } from "../src/core/app-error.ts";
import {
  databaseUrlProblem,
  describeDatabaseFailure,
  isConnectionLoss,
  scrubDatabaseUrl,
} from "./database-url.ts";
import { openEmbeddedClient } from "./embedded/embedded-database.ts";
import { type ReconnectPolicy, reconnectingSql, withReconnect } from "./reconnecting-sql.ts";
import * as schema from "./schema.ts";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Raw SQL for pg-boss, which brings its own SQL and only needs a way to run it. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  executeSql: ExecuteSql;
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));
/** Several workers may start at once; only one applies migrations at a time. */
const MIGRATION_LOCK = 7_140_311;

export interface DatabaseOptions {
  url?: string;
  dataDir?: string;
  /** How long a lost connection is retried before DATABASE_UNREACHABLE (default 30 s). */
  reconnectSeconds?: number;
}

/**
 * Opens PostgreSQL when a URL is given, otherwise the embedded PGlite in `dataDir` (same schema,
 * same migrations), served by whichever process holds the folder; without either, a private
 * in-memory PGlite (tests, the benchmark). Brings the schema up to date. No singleton: callers
 * own and close it.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  const reconnectSeconds = options.reconnectSeconds ?? 30;
  if (options.url) return openPostgres(options.url, reconnectSeconds);
  if (options.dataDir) return openEmbedded(options.dataDir, reconnectSeconds);
  return openMemory();
}

/**
 * pg-boss is written for node-postgres, which sends undefined as null and objects as JSON;
 * postgres.js refuses both, so they are converted here.
 */
function asParameter(value: unknown): unknown {
  if (value === undefined) return null;
  const plain =
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !Buffer.isBuffer(value);
  return plain ? JSON.stringify(value) : value;
}

function overSql(raw: Sql, policy: ReconnectPolicy, close: () => Promise<void>): Database {
  const client = reconnectingSql(raw, policy);
  const db = drizzlePostgres(client, { schema });
  return {
    db,
    kind: "postgres",
    executeSql: (text, values) =>
      // pg-boss's scripts carry their own BEGIN/COMMIT: they need one connection to themselves.
      withReconnect(async () => {
        const connection = await raw.reserve();
        let lost = false;
        try {
          const rows = await connection.unsafe(text, (values ?? []).map(asParameter) as never[]);
          return { rows: [...rows] };
        } catch (error) {
          // The server rolls back what a lost connection left open; a live one is left in an
          // aborted transaction by a script that failed after its BEGIN.
          lost = isConnectionLoss(error);
          if (!lost) await connection.unsafe("ROLLBACK").catch(() => {});
          throw error;
        } finally {
          // postgres.js has already moved a lost connection to its closed ones; release() would
          // mark it open with no socket, and the next query sent on it would never be answered.
          if (!lost) connection.release();
        }
      }, policy),
    close,
  };
}

/** Every transaction here is a few statements with no wait between them. */
const IDLE_IN_TRANSACTION_MS = 15_000;

async function openPostgres(url: string, reconnectSeconds: number): Promise<Database> {
  const problem = databaseUrlProblem(url);
  if (problem)
    throw new AppError("CONFIG_INVALID", `DATABASE_URL: ${problem} (got ${scrubDatabaseUrl(url)})`);
  const raw = postgres(url, {
    max: 10,
    onnotice: () => {},
    connection: {
      application_name: "continuity",
      // A worker paused or cut off inside a fenced write (SIGSTOP, a frozen VM) would hold its
      // shot's row lock for ever and every other worker's claim would wait on it: the server
      // ends such a session, its write rolls back, and the lease decides what happens next.
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    },
  });
  const database = overSql(
    raw,
    { seconds: reconnectSeconds, where: `DATABASE_URL ${scrubDatabaseUrl(url)}` },
    () => raw.end({ timeout: 5 }),
  );
  try {
    // The lock is held on its own connection while the pool applies the migrations.
    const lock = await raw.reserve();
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migratePostgres(drizzlePostgres(raw, { schema }), { migrationsFolder: MIGRATIONS });
    } finally {
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
      lock.release();
    }
  } catch (error) {
    await raw.end({ timeout: 1 }).catch(() => {});
    throw describeDatabaseFailure(error, url);
  }
  return database;
}

/** Every process reaches the embedded database over the holder's socket, the holder included. */
async function openEmbedded(dataDir: string, reconnectSeconds: number): Promise<Database> {
  const embedded = openEmbeddedClient(dataDir, async (pglite) => {
    await migratePglite(drizzlePglite(pglite, { schema }), { migrationsFolder: MIGRATIONS });
  });
  const database = overSql(
    embedded.sql,
    { seconds: reconnectSeconds, where: `the embedded database in ${dataDir}` },
    () => embedded.close(),
  );
  try {
    // Opens the first connection: this process becomes the holder, or finds it.
    await ping(database.db);
  } catch (error) {
    await embedded.close().catch(() => {});
    throw error;
  }
  return database;
}

async function openMemory(): Promise<Database> {
  const client = new PGlite();
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS });
  return {
    db,
    kind: "pglite",
    executeSql: async (text, values) => {
      // PGlite's query() takes one statement; pg-boss sends parameterless multi-statement scripts.
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      const result = await client.query(text, values);
      return { rows: result.rows };
    },
    close: () => client.close(),
  };
}

/** For health checks and tests. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
