import { mkdirSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { AppError } from "../../src/core/app-error.ts";
import { type EmbeddedHolder, tryHold } from "./embedded-server.ts";
import { type SocketNames, socketNames } from "./socket-names.ts";

/**
 * A postgres.js client for the embedded database in `dataDir`, whichever process holds it. Each
 * new connection goes to the holder's socket; when there is no holder (none yet, or it exited or
 * died), this process becomes the holder and connects to itself. So the first process to open the
 * folder holds it, later ones are its clients, and when it goes the next one takes over.
 */
export interface EmbeddedClient {
  sql: postgres.Sql;
  /** Ends this process's connections, then lets go of the folder if this process holds it. */
  close(): Promise<void>;
}

/** A takeover needs the old holder to finish closing (its grace for open transactions included). */
const TAKEOVER_SECONDS = 30;

function connectTo(name: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(name);
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

export function openEmbeddedClient(
  dataDir: string,
  prepare: (pglite: PGlite) => Promise<void>,
): EmbeddedClient {
  mkdirSync(dataDir, { recursive: true });
  const names: SocketNames = socketNames(dataDir);
  let holder: EmbeddedHolder | undefined;
  let holding: Promise<EmbeddedHolder | undefined> | undefined;
  let closed = false;

  const socket = async (): Promise<Socket> => {
    const deadline = Date.now() + TAKEOVER_SECONDS * 1000;
    for (let attempt = 0; ; attempt++) {
      if (closed) throw new AppError("DATABASE_UNREACHABLE", "the embedded database client is closed");
      try {
        return await connectTo(names.service);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ECONNREFUSED" && code !== "ENOENT") throw error;
      }
      if (!holder) {
        // Set before `holding` clears, so a connection that checks in between never tries again
        // and overwrites the holder with "someone else holds it" (which is this very process).
        holding ??= tryHold(dataDir, names, prepare)
          .then((held) => {
            if (held) holder = held;
            return held;
          })
          .finally(() => {
            holding = undefined;
          });
        await holding;
        if (holder) continue;
      }
      // Someone holds the lock but does not serve yet: it is starting, or finishing its close.
      if (Date.now() > deadline) {
        throw new AppError(
          "DATABASE_UNREACHABLE",
          `the embedded database in ${dataDir} is held by another process that does not answer within ${TAKEOVER_SECONDS} s`,
        );
      }
      await delay(Math.min(500, 25 * 2 ** attempt));
    }
  };

  // `socket` is a postgres.js option its type declarations leave out: it builds each connection.
  const options = {
    max: 4,
    // One PGlite session serves every connection: named prepared statements would collide.
    prepare: false,
    onnotice: () => {},
    connection: { application_name: "continuity" },
    socket,
  } as postgres.Options<Record<string, postgres.PostgresType>>;
  const sql = postgres(options);
  return {
    sql,
    async close() {
      await sql.end({ timeout: 5 });
      closed = true;
      const held = holder ?? (await holding);
      holder = undefined;
      await held?.close();
    },
  };
}
