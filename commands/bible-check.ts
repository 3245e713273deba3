import { z } from "zod";
import type { App } from "../src/app/app.ts";
import { checkBible } from "../src/app/bible/check-bible.ts";
import { hasErrors } from "../src/core/problem.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({ bible: z.string().min(1).optional() });

export interface BibleCheckData {
  bible: string;
  roster: string[];
  locations: string[];
  scenes: { id: string; shots: number | null }[];
  lock: { state: string; version: string; lockedVersion?: string; lockedAt?: string; lockedBy?: string };
  problems: { code: string; severity: "error" | "warning"; message: string; key?: string }[];
  ok: boolean;
}

/** `continuity bible check`: the roster, locations, scenes, lock state and every problem, with keys. */
export async function bibleCheck(
  app: App,
  input: { bible?: string; options?: string },
): Promise<CommandView<BibleCheckData>> {
  const args = parseArgs(argsSchema, input, "bible check");
  const storage = app.openBible(args.bible);
  const { db } = await app.database();
  const check = await checkBible({ storage, probe: app.probe, db });
  const ok = !hasErrors(check.problems);
  const data: BibleCheckData = {
    bible: check.uri,
    roster: check.roster,
    locations: check.locations,
    scenes: check.scenes.map(({ id, shots }) => ({ id, shots })),
    lock: check.lock,
    problems: check.problems,
    ok,
  };
  const typed = input.options ? ` ${input.options}` : "";
  const next = ok && data.lock.state !== "locked" ? `\nnext: continuity bible lock${typed}` : "";
  return view(data, `${renderBibleCheck(data)}${next}`, ok ? 0 : 1);
}

export function renderBibleCheck(data: BibleCheckData): string {
  const lines = [
    `bible: ${data.bible}`,
    `roster (${data.roster.length}): ${data.roster.join(", ") || "(none)"}`,
    `locations (${data.locations.length}): ${data.locations.join(", ") || "(none)"}`,
    `scenes: ${data.scenes.map((scene) => `${scene.id} (${scene.shots ?? "?"} shots)`).join(", ") || "(none)"}`,
    `lock: ${data.lock.state}, version ${data.lock.version}${
      data.lock.lockedVersion
        ? ` (locked ${data.lock.lockedVersion} by ${data.lock.lockedBy} at ${data.lock.lockedAt})`
        : ""
    }`,
  ];
  if (data.problems.length === 0) lines.push("problems: none");
  for (const problem of data.problems) {
    lines.push(
      `${problem.severity.toUpperCase()} ${problem.code}: ${problem.message}${problem.key ? ` [${problem.key}]` : ""}`,
    );
  }
  lines.push(data.ok ? "ok" : "the bible has errors");
  return lines.join("\n");
}
