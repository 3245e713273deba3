import type { Db } from "../../../db/create-db.ts";
import type { App } from "../../app/app.ts";
import type { Runtime } from "../../app/runtime.ts";

/**
 * The App and the Runtime of one CLI invocation, built by the composition root on first use:
 * `--help` builds neither, `status` only the App, and only the runtime loads the providers.
 */
export interface CliSession {
  app(): Promise<App>;
  /**
   * The engine. `quiet` leaves out the progress lines (under --json, or for commands that print
   * one result); `planOnly` is for commands that never enqueue, which then never start the queue.
   */
  runtime(options: { quiet?: boolean | undefined; planOnly?: boolean }): Promise<Runtime>;
  db(): Promise<Db>;
  /** Who is acting, for the ledger and decisions (CONTINUITY_USER). */
  user(): Promise<string>;
  /** `--bible` on any command stands in for CONTINUITY_BIBLE, so one session names one bible. */
  chooseBible(uri: string): void;
  /** The options a suggested next command needs to reach the same bible, as the user typed them. */
  typed(): string;
  /** Waits for progress lines still being looked up, so they come before the result. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

export function createCliSession(
  env: Record<string, string | undefined>,
  err: (text: string) => void,
): CliSession {
  let app: Promise<App> | undefined;
  let runtime: Promise<Runtime> | undefined;
  let progress: { flushed(): Promise<void> } | undefined;
  let bibleOption: string | undefined;
  const session: CliSession = {
    app() {
      app ??= (async () => {
        const [{ loadConfig }, { composeApp }] = await Promise.all([
          import("../../config.ts"),
          import("../compose/compose-app.ts"),
        ]);
        return composeApp(loadConfig(bibleOption ? { ...env, CONTINUITY_BIBLE: bibleOption } : env));
      })();
      return app;
    },
    runtime({ quiet, planOnly }) {
      runtime ??= (async () => {
        const composed = await session.app();
        const database = await composed.database();
        const [{ composeRuntime }, { ledgerCommitted, terminalProgress }, { runSpend }] = await Promise.all([
          import("../compose/compose-runtime.ts"),
          import("../terminal-progress.ts"),
          import("../../../db/queries/spend.ts"),
        ]);
        const lines = quiet
          ? undefined
          : terminalProgress(
              err,
              ledgerCommitted((id) => runSpend(database.db, id)),
            );
        progress = lines;
        return composeRuntime(composed, lines ?? (() => {}), {
          queueStart: planOnly ? "on-first-use" : "now",
        });
      })();
      return runtime;
    },
    db: async () => (await (await session.app()).database()).db,
    user: async () => (await session.app()).config.CONTINUITY_USER,
    chooseBible(uri) {
      bibleOption = uri;
    },
    typed: () => (bibleOption ? `--bible ${shellWord(bibleOption)}` : ""),
    flushed: async () => progress?.flushed(),
    async close() {
      await (await runtime?.catch(() => undefined))?.close();
      await (await app?.catch(() => undefined))?.close();
    },
  };
  return session;
}

/** A word a shell takes as one argument. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
