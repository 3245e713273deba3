import { z } from "zod";
import { writeDemoBible } from "../src/adapters/offline-studio/demo-bible/write-demo-bible.ts";
import type { App } from "../src/compose.ts";
import { AppError } from "../src/core/app-error.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({ dir: z.string().min(1).optional() });

/**
 * `continuity init --demo [DIR]`: draws a complete demo bible locally. It creates a new bible
 * and refuses to touch an existing one: nothing ever overwrites a locked source of truth.
 */
export async function initDemo(
  app: App,
  input: { dir?: string },
): Promise<CommandView<{ bible: string; keys: string[] }>> {
  const args = parseArgs(argsSchema, input, "init --demo");
  const storage = app.openBible(args.dir);
  const existing = await storage.listKeys("");
  if (existing.length > 0) {
    throw new AppError(
      "BIBLE_EXISTS",
      `${storage.uri} already holds ${existing.length} objects; init --demo only creates a new bible (choose an empty folder)`,
      { uri: storage.uri },
    );
  }
  const { keys } = await writeDemoBible(storage);
  return view(
    { bible: storage.uri, keys },
    `wrote a demo bible to ${storage.uri}: ${keys.length} objects\nnext: continuity bible check --bible ${storage.uri}`,
  );
}
