import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { AppError } from "../src/core/app-error.ts";
import { databaseUrlProblem, describeDatabaseFailure, scrubDatabaseUrl } from "./database-url.ts";
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

/**
 * Opens PostgreSQL when a URL is given, otherwise the embedded PGlite in `dataDir` (same schema,
 * same migrations), and brings the schema up to date. No singleton: callers own and close it.
 */
export async function createDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  return openPglite(options.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
  const problem = databaseUrlProblem(url);
  if (problem)
    throw new AppError("CONFIG_INVALID", `DATABASE_URL: ${problem} (got ${scrubDatabaseUrl(url)})`);
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    connection: { application_name: "continuity" },
  });
  const db = drizzlePostgres(client, { schema });
  try {
    // The lock is held on its own connection while the pool applies the migrations.
    const lock = await client.reserve();
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migratePostgres(db, { migrationsFolder: MIGRATIONS });
    } finally {
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
      lock.release();
    }
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw describeDatabaseFailure(error, url);
  }
  return {
    db: db as unknown as Db,
    kind: "postgres",
    executeSql: async (text, values) => {
      const rows = await client.unsafe(text, (values ?? []) as never[]);
      return { rows: [...rows] };
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS });
  return {
    db: db as unknown as Db,
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
