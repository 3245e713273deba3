import { setTimeout as delay } from "node:timers/promises";
import type { Sql } from "postgres";
import { AppError } from "../src/core/app-error.ts";
import { isConnectionLoss } from "./database-url.ts";

export interface ReconnectPolicy {
  /** How long a lost connection is retried before the work fails with DATABASE_UNREACHABLE. */
  seconds: number;
  /** Names the database in the final message (never with its password). */
  where: string;
}

/**
 * Runs `work` again when the connection to the database was lost (a failover, a restarted server,
 * the embedded holder exiting), with back-off, for a bounded time. A statement that failed
 * because the connection was cut was rolled back by the server, and a transaction is retried
 * whole, so a retry neither loses nor doubles a row.
 */
export async function withReconnect<T>(work: () => Promise<T>, policy: ReconnectPolicy): Promise<T> {
  const deadline = Date.now() + policy.seconds * 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      if (Date.now() >= deadline) {
        throw new AppError(
          "DATABASE_UNREACHABLE",
          `lost the connection to ${policy.where} and could not reconnect within ${policy.seconds} s (${(error as Error).message})`,
        );
      }
      await delay(Math.min(2_000, 100 * 2 ** attempt));
    }
  }
}

/**
 * The postgres.js client as drizzle and pg-boss use it (`unsafe` and `begin`), with every query
 * and transaction run through withReconnect. Everything else is the client itself.
 */
export function reconnectingSql(sql: Sql, policy: ReconnectPolicy): Sql {
  const retry = <T>(work: () => Promise<T>) => withReconnect(work, policy);
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (...args: Parameters<Sql["unsafe"]>) => {
          const run = () => target.unsafe(...args);
          // Lazy like postgres.js's own query: drizzle awaits it or its .values(), and each
          // attempt builds a fresh query.
          const query = {
            // biome-ignore lint/suspicious/noThenProperty: a query is a thenable, as in postgres.js
            then: (ok?: (rows: unknown) => unknown, failed?: (error: unknown) => unknown) =>
              retry(async () => await run()).then(ok, failed),
            catch: (failed: (error: unknown) => unknown) => query.then(undefined, failed),
            values: () => retry(async () => await run().values()),
          };
          return query;
        };
      }
      if (property === "begin") {
        return (...args: unknown[]) =>
          retry(() => (target.begin as (...a: unknown[]) => Promise<unknown>)(...args));
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
