import { existsSync } from "node:fs";
import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { readStopFlag } from "../db/queries/control.ts";
import { findRun, latestRun } from "../db/queries/runs.ts";
import { type RunSummary, renderRunSummary, summariseRun } from "../src/app/runs/run-summary.ts";
import { AppError } from "../src/core/app-error.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  run: z.string().trim().min(1).optional(),
  bible: z.string().trim().min(1).optional(),
  options: z.string().default(""),
});

/** Whether the kill switch is on, and who or what turned it on: the first thing to know when nothing moves. */
export interface StopState {
  on: boolean;
  /** The database flag `continuity stop` (or /stop) sets for every worker. */
  flag: { on: boolean; by: string | null; at: string | null };
  /** The STOP file on this machine, when it is there. */
  file: { path: string; present: boolean };
  /** How to lift it, when it is on. */
  lift: string | null;
}

export type StatusData = RunSummary & { stop: StopState };

export async function readStopState(db: Db, stopFile: string): Promise<StopState> {
  const flag = await readStopFlag(db);
  const present = existsSync(stopFile);
  const ways = [
    flag.stopped ? "continuity resume (or /resume in chat)" : "",
    present ? `remove the STOP file at ${stopFile}` : "",
  ].filter(Boolean);
  return {
    on: flag.stopped || present,
    flag: { on: flag.stopped, by: flag.by ?? null, at: flag.at ? flag.at.toISOString() : null },
    file: { path: stopFile, present },
    lift: ways.length ? `lift it with ${ways.join(" and ")}` : null,
  };
}

export function describeStop(stop: StopState): string {
  if (!stop.on) return "kill switch: off";
  const why = [
    stop.flag.on
      ? `stop flag set by ${stop.flag.by ?? "someone"}${stop.flag.at ? ` at ${stop.flag.at}` : ""}`
      : "",
    stop.file.present ? `STOP file present at ${stop.file.path}` : "",
  ].filter(Boolean);
  return `kill switch: ON (${why.join("; ")}); ${stop.lift}`;
}

/**
 * `continuity status [RUN]`: a run's shots, spend, open escalations and the kill switch (the
 * latest run by default; with `bible`, the latest run against that bible).
 */
export async function status(
  db: Db,
  input: { run?: string; bible?: string; options?: string },
  context: { stopFile: string },
): Promise<CommandView<StatusData>> {
  const args = parseArgs(argsSchema, input, "status");
  const run = args.run ? await findRun(db, args.run) : await latestRun(db, { bibleUri: args.bible });
  if (!run) {
    const typed = args.options ? ` ${args.options}` : "";
    throw new AppError(
      "UNKNOWN_RUN",
      args.run
        ? `no run ${args.run}`
        : `no runs yet${args.bible ? ` against ${args.bible}` : ""}; start one with continuity render <scope>${typed}`,
      args.run ? { runId: args.run } : {},
    );
  }
  const summary = await summariseRun(db, run);
  const stop = await readStopState(db, context.stopFile);
  return view({ ...summary, stop }, `${renderRunSummary(summary, args.options)}\n${describeStop(stop)}`);
}
