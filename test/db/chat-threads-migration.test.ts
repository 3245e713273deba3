import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { findChatThread, findEscalationLink, listOpenChatThreads } from "../../db/queries/chat-threads.ts";
import { readStopFlag } from "../../db/queries/control.ts";
import * as schema from "../../db/schema.ts";
import { DATABASE_KINDS, type DatabaseKind } from "../helpers/test-database.ts";

const MIGRATIONS = fileURLToPath(new URL("../../db/migrations", import.meta.url));
type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The migrations folder as a database before chat_threads existed had it: 0000 and 0001 only. */
async function foldersUpTo0001(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "continuity-migrations-"));
  await cp(MIGRATIONS, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter(
    (entry) => entry.tag.startsWith("0000") || entry.tag.startsWith("0001"),
  );
  await writeFile(journalPath, JSON.stringify(journal));
  return dir;
}

/** A database migrated only to `upTo`, and a way to bring it to the current schema. */
async function openOld(kind: DatabaseKind, upTo: string) {
  if (kind === "pglite") {
    const client = new PGlite();
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder: upTo });
    return {
      db: db as Db,
      upgrade: () => migratePglite(db, { migrationsFolder: MIGRATIONS }),
      close: () => client.close(),
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  const name = `continuity_upgrade_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema });
  await migratePostgres(db, { migrationsFolder: upTo });
  return {
    db: db as Db,
    upgrade: () => migratePostgres(db, { migrationsFolder: MIGRATIONS }),
    async close() {
      await client.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe.each(DATABASE_KINDS)("upgrading to chat_threads on %s", (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("carries every chat: row of control over, lease included, and leaves the stop flag where it was", async () => {
    const upTo = await foldersUpTo0001();
    cleanups.push(() => rm(upTo, { recursive: true, force: true }));
    const old = await openOld(kind, upTo);
    cleanups.push(old.close);

    // What the bot wrote into control before this table existed (src/bot/store/*, removed).
    const open = {
      runId: "r1",
      platform: "slack",
      root: { channel: "C1", id: "1700.01" },
      place: { channel: "C1", thread: "1700.01" },
      requestedBy: "U1",
      posted: [3, 4],
      escalations: { e1: { message: { channel: "C1", id: "1700.05" }, shown: "pending" } },
      rootShown: "run r1",
      summarised: null,
      open: true,
    };
    const closed = {
      ...open,
      runId: "r2",
      platform: "discord",
      place: { channel: "D9" },
      root: { channel: "D9", id: "555" },
      escalations: {},
      summarised: "done@2026-01-01",
      open: false,
    };
    await old.db.execute(sql`
      insert into control (key, value, updated_by, updated_at) values
        ('chat:thread:r1', ${JSON.stringify(open)}::jsonb, 'bot-a', '2026-01-01T00:00:00Z'),
        ('chat:thread:r2', ${JSON.stringify(closed)}::jsonb, 'bot-b', '2026-01-02T00:00:00Z'),
        ('chat:message:slack:C1:1700.05', ${JSON.stringify({ runId: "r1", escalationId: "e1" })}::jsonb, null, now()),
        ('stop', ${JSON.stringify({ stopped: true })}::jsonb, 'ana', now())`);

    await old.upgrade();

    expect(await findChatThread(old.db, "r1")).toEqual(open);
    expect(await findChatThread(old.db, "r2")).toEqual(closed);
    expect((await listOpenChatThreads(old.db)).map((thread) => thread.runId)).toEqual(["r1"]);
    expect(await findEscalationLink(old.db, "slack", { channel: "C1", id: "1700.05" })).toEqual({
      runId: "r1",
      escalationId: "e1",
    });
    const [lease] = await old.db
      .select({ owner: schema.chatThreads.leaseOwner, at: schema.chatThreads.leaseAt })
      .from(schema.chatThreads)
      .where(sql`${schema.chatThreads.runId} = 'r1'`);
    expect(lease).toEqual({ owner: "bot-a", at: new Date("2026-01-01T00:00:00Z") });
    // control keeps only the process-wide switches.
    const keys = await old.db.select({ key: schema.control.key }).from(schema.control);
    expect(keys.map((row) => row.key)).toEqual(["stop"]);
    expect((await readStopFlag(old.db)).stopped).toBe(true);
  });
});
