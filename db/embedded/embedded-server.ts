import { unlink } from "node:fs/promises";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { createMessageReader } from "./frontend-messages.ts";
import { createSessionArbiter, type SessionArbiter } from "./session-arbiter.ts";
import type { SocketNames } from "./socket-names.ts";

/** The process holding a data folder: its PGlite, served to every process (itself included). */
export interface EmbeddedHolder {
  /** Serves what is running, lets an open transaction finish (bounded), then lets go of the folder. */
  close(): Promise<void>;
}

/** How long a closing holder waits for a client's open transaction before rolling it back. */
const CLOSE_GRACE_MS = 10_000;
/** How long each later step of a close may take: destroyed sockets closing, the last batch, PGlite. */
const SETTLE_MS = 5_000;

/** Waits for `work`, but no longer than `ms`: every wait in a close has a bound. */
function within(ms: number, work: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work.catch(() => {}), bound]).finally(() => clearTimeout(timer));
}

function listen(server: Server, name: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") resolve(false);
      else reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve(true);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(name);
  });
}

/** A filesystem socket nobody answers on was left by a holder that died: safe to remove. */
async function removeIfDead(path: string): Promise<void> {
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (!alive) await unlink(path).catch(() => {});
}

/**
 * Tries to become the holder of `dataDir`. Resolves undefined when another process holds it.
 * `prepare` runs on the opened PGlite (migrations) before anyone else is served.
 */
export async function tryHold(
  dataDir: string,
  names: SocketNames,
  prepare: (pglite: PGlite) => Promise<void>,
): Promise<EmbeddedHolder | undefined> {
  const lock = createServer((socket) => socket.destroy());
  if (names.onFilesystem) await removeIfDead(names.lock);
  if (!(await listen(lock, names.lock))) return undefined;
  let pglite: PGlite | undefined;
  try {
    pglite = new PGlite(dataDir);
    await pglite.waitReady;
    await prepare(pglite);
  } catch (error) {
    await pglite?.close().catch(() => {});
    await new Promise((resolve) => lock.close(resolve));
    throw error;
  }
  const arbiter = createSessionArbiter(pglite);
  const sockets = new Set<Socket>();
  let closing = false;
  let nextConnection = 1;
  const service = createServer((socket) => {
    if (closing) return socket.destroy();
    sockets.add(socket);
    serveConnection(socket, nextConnection++, arbiter);
    socket.on("close", () => sockets.delete(socket));
  });
  if (names.onFilesystem) await unlink(names.service).catch(() => {});
  if (!(await listen(service, names.service))) {
    // Only the lock's holder listens on the service socket, so this is a broken machine state.
    await pglite.close();
    await new Promise((resolve) => lock.close(resolve));
    throw new Error(`the embedded database socket for ${dataDir} is taken by another program`);
  }
  const held = pglite;
  return {
    async close() {
      closing = true;
      // No new connections; close()'s own callback would wait for the open ones, which end below.
      service.close();
      await within(CLOSE_GRACE_MS, arbiter.idle());
      for (const socket of sockets) socket.destroy();
      await within(
        SETTLE_MS,
        Promise.all([...sockets].map((socket) => new Promise((resolve) => socket.once("close", resolve)))),
      );
      // A batch PGlite never answers must not keep the process from exiting: its close cuts it off.
      await within(SETTLE_MS, arbiter.idle());
      await within(SETTLE_MS, held.close());
      // Last: only now may the next process open the folder.
      await new Promise((resolve) => lock.close(resolve));
    },
  };
}

/** Batches a connection's messages up to each Sync, Query or Flush and answers them through the arbiter. */
function serveConnection(socket: Socket, connection: number, arbiter: SessionArbiter): void {
  const reader = createMessageReader();
  let pending: Buffer[] = [];
  let chain = Promise.resolve();
  const send = (batch: Buffer, endsAtSync: boolean) => {
    chain = chain.then(async () => {
      if (socket.destroyed) return;
      const reply = await arbiter.run(connection, batch, endsAtSync);
      if (!socket.destroyed && reply.length > 0) socket.write(reply);
    });
    chain = chain.catch(() => {
      socket.destroy();
    });
  };
  socket.on("data", (chunk: Buffer) => {
    let messages: ReturnType<typeof reader.push>;
    try {
      messages = reader.push(chunk);
    } catch {
      socket.destroy();
      return;
    }
    for (const message of messages) {
      if (message.kind === "ssl-request") {
        chain = chain.then(() => void socket.write("N"));
        continue;
      }
      if (message.kind === "cancel-request") {
        // PGlite has no second backend to signal; the protocol expects no answer.
        socket.end();
        continue;
      }
      if (message.kind === "startup") {
        send(message.bytes, true);
        continue;
      }
      if (message.type === "X") {
        socket.end();
        continue;
      }
      pending.push(message.bytes);
      if (message.type === "S" || message.type === "Q" || message.type === "H") {
        const batch = Buffer.concat(pending);
        pending = [];
        send(batch, message.type !== "H");
      }
    }
  });
  socket.on("error", () => socket.destroy());
  socket.on("close", () => {
    // A holder closing its PGlite may refuse the rollback; the session ends with it anyway.
    arbiter.release(connection).catch(() => {});
  });
}
