import type { EngineEvent } from "../app/engine/engine-deps.ts";
import { formatUsd, type Micros } from "../core/money.ts";

/** The run's committed total in the ledger (settled, uncertain and still reserved). */
export type CommittedSpend = (runId: string) => Promise<Micros>;

/**
 * The terminal's progress display: one line per stage, verdict and shot outcome. The "(spent $X)"
 * figure is read from the ledger each time, never added up from events: long video calls settle
 * outside the events, and a figure that leaves them out misleads whoever watches the money.
 * Lines are written in the order the events came, even though the figure is looked up.
 */
export function terminalProgress(
  write: (line: string) => void,
  committed: CommittedSpend,
): ((event: EngineEvent) => void) & { flushed(): Promise<void> } {
  let queue: Promise<void> = Promise.resolve();
  const emit = (line: () => string | Promise<string>) => {
    queue = queue.then(async () => write(await line())).catch((error) => write(`  (progress: ${error})`));
  };
  const handler = (event: EngineEvent) => {
    switch (event.type) {
      case "spend":
        return;
      case "stage":
        emit(
          () =>
            `  ${event.shotId.padEnd(6)} ${event.stage.padEnd(9)} attempt ${event.attempt}${event.note ? ` (${event.note})` : ""}`,
        );
        return;
      case "verdict": {
        // Looked up now, not when the line is written, so the figure is the one at this verdict.
        const spent = committed(event.runId);
        spent.catch(() => {});
        emit(
          async () =>
            `  ${event.shotId.padEnd(6)} ${event.stage.padEnd(9)} attempt ${event.attempt} ${event.passed ? "PASS" : "FAIL"} [${event.tier}] ${event.summary}  (spent ${formatUsd(await spent)})`,
        );
        return;
      }
      case "shot":
        emit(
          () => `  ${event.shotId.padEnd(6)} → ${event.status}${event.message ? `: ${event.message}` : ""}`,
        );
        return;
      case "run":
        emit(() => `run ${event.runId} ${event.status}${event.message ? `: ${event.message}` : ""}`);
        return;
    }
  };
  return Object.assign(handler, { flushed: () => queue });
}

/** The committed total from a database's ledger. */
export function ledgerCommitted(
  spend: (runId: string) => Promise<{ spent: Micros; open: Micros }>,
): CommittedSpend {
  return async (runId) => {
    const { spent, open } = await spend(runId);
    return spent + open;
  };
}
