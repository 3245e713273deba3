import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { listDecisions } from "../db/queries/decisions.ts";
import { type Calibration, calibrate as calibrateFrom, type Decision } from "../src/core/calibrate.ts";
import type { CriterionName } from "../src/core/scores.ts";
import { storedFindings, type Thresholds } from "../src/core/verdict.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a day as YYYY-MM-DD")
    .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)), "not a calendar day")
    .optional(),
});

export interface CalibrateData extends Calibration {
  since: string | null;
}

/**
 * `continuity calibrate [--since YYYY-MM-DD]`: how well the current thresholds agree with the
 * team's ✅/❌ decisions, per criterion, the threshold that would agree best, and a ready
 * CONTINUITY_THRESHOLDS= line. Reads only; spends nothing.
 */
export async function calibrate(
  db: Db,
  thresholds: Thresholds,
  input: { since?: string },
): Promise<CommandView<CalibrateData>> {
  const args = parseArgs(argsSchema, input, "calibrate");
  const rows = await listDecisions(db, args.since ? new Date(`${args.since}T00:00:00Z`) : undefined);
  const decisions: Decision[] = rows.map((row) => {
    const scores: Partial<Record<CriterionName, number>> = {};
    // Only what could decide: advisory free-tier findings never failed anything.
    for (const validation of row.validations) {
      for (const finding of storedFindings(validation.tier, validation.scores)) {
        if (!finding.decisive) continue;
        scores[finding.criterion] = Math.min(scores[finding.criterion] ?? 1, finding.score);
      }
    }
    return { id: row.id, approved: row.status === "approved", scores };
  });
  const data: CalibrateData = { since: args.since ?? null, ...calibrateFrom(decisions, thresholds) };
  return view(data, render(data));
}

function render(data: CalibrateData): string {
  const lines = [
    `${data.decisions} decision${data.decisions === 1 ? "" : "s"}${data.since ? ` since ${data.since}` : ""}`,
    `  ${"criterion".padEnd(18)} ${"n".padStart(3)} ${"agree".padStart(5)} ${"false acc".padStart(9)} ${"false rej".padStart(9)}  now   best`,
  ];
  for (const item of data.criteria) {
    const best =
      item.best === null
        ? `needs ${item.needs} more decision${item.needs === 1 ? "" : "s"}`
        : `${item.best} (agrees with ${item.bestAgreements} of ${item.decisions})`;
    lines.push(
      `  ${item.criterion.padEnd(18)} ${String(item.decisions).padStart(3)} ${String(item.agreements).padStart(5)} ${String(item.falseAccepts).padStart(9)} ${String(item.falseRejects).padStart(9)}  ${item.current.toFixed(2)}  ${best}`,
    );
  }
  lines.push(data.thresholdsLine);
  return lines.join("\n");
}
