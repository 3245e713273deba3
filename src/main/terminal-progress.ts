import type { EngineEvent } from "../app/engine/engine-deps.ts";
import { formatUsd } from "../core/money.ts";

/** The terminal's progress display: one line per stage, verdict and shot outcome, with spend so far. */
export function terminalProgress(write: (line: string) => void): (event: EngineEvent) => void {
  const spent = new Map<string, number>();
  return (event) => {
    switch (event.type) {
      case "spend":
        spent.set(event.runId, (spent.get(event.runId) ?? 0) + event.micros);
        return;
      case "stage":
        write(
          `  ${event.shotId.padEnd(6)} ${event.stage.padEnd(9)} attempt ${event.attempt}${event.note ? ` (${event.note})` : ""}`,
        );
        return;
      case "verdict":
        write(
          `  ${event.shotId.padEnd(6)} ${event.stage.padEnd(9)} attempt ${event.attempt} ${event.passed ? "PASS" : "FAIL"} [${event.tier}] ${event.summary}  (spent ${formatUsd(spent.get(event.runId) ?? 0)})`,
        );
        return;
      case "shot":
        write(`  ${event.shotId.padEnd(6)} → ${event.status}${event.message ? `: ${event.message}` : ""}`);
        return;
      case "run":
        write(`run ${event.runId} ${event.status}${event.message ? `: ${event.message}` : ""}`);
        return;
    }
  };
}
