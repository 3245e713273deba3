import type { PGlite } from "@electric-sql/pglite";
import { queryMessage } from "./frontend-messages.ts";

/**
 * PGlite is one database session; every connection served over the socket shares it. The arbiter
 * runs one connection's batch of messages at a time, and keeps the session for that connection
 * while it is inside a transaction or between a Flush and its Sync (a statement parsed but not yet
 * bound): another connection's statements in between would land in its transaction.
 */
export interface SessionArbiter {
  /** Runs a batch for a connection once the session is free for it; resolves with PGlite's reply. */
  run(connection: number, batch: Buffer, endsAtSync: boolean): Promise<Uint8Array>;
  /** A connection is gone: its queued batches are dropped and a transaction it left open is rolled back. */
  release(connection: number): Promise<void>;
  /** Resolves when no batch runs and no connection holds the session. */
  idle(): Promise<void>;
}

interface Waiting {
  connection: number;
  batch: Buffer;
  endsAtSync: boolean;
  resolve: (reply: Uint8Array) => void;
  reject: (error: Error) => void;
}

export function createSessionArbiter(pglite: PGlite): SessionArbiter {
  const queue: Waiting[] = [];
  const gone = new Set<number>();
  let holder: number | undefined;
  let running = false;
  let idleWaiters: (() => void)[] = [];

  const settleIdle = () => {
    if (running || holder !== undefined || queue.length > 0) return;
    for (const wake of idleWaiters) wake();
    idleWaiters = [];
  };

  const abandon = async () => {
    // Sync ends a half-finished extended query; ROLLBACK ends a transaction the client left open.
    await pglite.runExclusive(async () => {
      await pglite.execProtocolRaw(Buffer.from([0x53, 0, 0, 0, 4]));
      if (pglite.isInTransaction()) await pglite.execProtocolRaw(queryMessage("ROLLBACK"));
    });
    holder = undefined;
  };

  const pump = async () => {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const index = holder === undefined ? 0 : queue.findIndex((item) => item.connection === holder);
        const next = index >= 0 ? queue.splice(index, 1)[0] : undefined;
        if (!next) break;
        try {
          const reply = await pglite.runExclusive(() => pglite.execProtocolRaw(next.batch));
          holder = !next.endsAtSync || pglite.isInTransaction() ? next.connection : undefined;
          // The connection closed while its batch ran: nobody will end what it left open.
          if (holder !== undefined && gone.has(holder)) await abandon();
          next.resolve(reply);
        } catch (error) {
          holder = undefined;
          next.reject(error as Error);
        }
      }
    } finally {
      running = false;
      settleIdle();
    }
  };

  return {
    run(connection, batch, endsAtSync) {
      return new Promise((resolve, reject) => {
        queue.push({ connection, batch, endsAtSync, resolve, reject });
        void pump();
      });
    },
    async release(connection) {
      gone.add(connection);
      for (let index = queue.length - 1; index >= 0; index--) {
        const item = queue[index];
        if (item?.connection === connection) {
          queue.splice(index, 1);
          item.reject(new Error("connection closed"));
        }
      }
      if (holder === connection && !running) {
        await abandon();
        void pump();
      }
      settleIdle();
    },
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
  };
}
