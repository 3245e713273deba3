import { z } from "zod";
import type { App } from "../src/app/app.ts";
import { lockBible } from "../src/app/bible/check-bible.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  bible: z.string().min(1).optional(),
  by: z.string().min(1),
  options: z.string().default(""),
});

/** `continuity bible lock`: records the content hash of every reference and manifest. */
export async function bibleLock(
  app: App,
  input: { bible?: string; by: string; options?: string },
): Promise<CommandView<{ bible: string; version: string; entries: number }>> {
  const args = parseArgs(argsSchema, input, "bible lock");
  const storage = app.openBible(args.bible);
  const { db } = await app.database();
  const lock = await lockBible({ storage, probe: app.probe, db }, args.by);
  const data = { bible: storage.uri, version: lock.version, entries: lock.entries };
  return view(
    data,
    `locked ${storage.uri}: version ${lock.version}, ${lock.entries} references and manifests\nnext: continuity estimate <scope>${args.options ? ` ${args.options}` : ""}`,
  );
}
