import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { z } from "zod";
import type { App } from "../src/app/app.ts";
import { AppError } from "../src/core/app-error.ts";
import type { Storage } from "../src/ports/storage.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({ dir: z.string().min(1).optional(), envFile: z.string().min(1).optional() });

/**
 * Records the chosen bible in a new `.env`, so the next command finds it without `--bible`. An
 * existing `.env` is the user's own file and is never touched.
 */
async function rememberBible(envFile: string, uri: string): Promise<"written" | "exists"> {
  if (existsSync(envFile)) return "exists";
  await writeFile(envFile, `# written by continuity init --demo\nCONTINUITY_BIBLE=${uri}\n`, { flag: "wx" });
  return "written";
}

/**
 * `continuity init --demo [DIR]`: draws a complete demo bible locally. It creates a new bible
 * and refuses to touch an existing one: nothing ever overwrites a locked source of truth.
 */
export interface InitDemoDeps {
  app: App;
  /** Draws the demo bible into an empty storage (the offline studio's drawings). */
  drawDemoBible: (storage: Storage) => Promise<{ keys: string[] }>;
}

export async function initDemo(
  { app, drawDemoBible }: InitDemoDeps,
  input: { dir?: string; envFile?: string },
): Promise<
  CommandView<{ bible: string; keys: string[]; envFile: { path: string; written: boolean } | null }>
> {
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
  const { keys } = await drawDemoBible(storage);
  // Only a location the user chose needs remembering; the default is found without it.
  const remembered = args.dir && args.envFile ? await rememberBible(args.envFile, storage.uri) : null;
  const lines = [`wrote a demo bible to ${storage.uri}: ${keys.length} objects`];
  if (remembered === "written") {
    lines.push(`wrote ${args.envFile} with CONTINUITY_BIBLE=${storage.uri}, so the next commands find it`);
    lines.push("next: continuity bible check");
  } else {
    if (remembered === "exists")
      lines.push(
        `${args.envFile} exists and was left alone: add CONTINUITY_BIBLE=${storage.uri} to it, or pass --bible ${storage.uri} to each command`,
      );
    lines.push(`next: continuity bible check --bible ${storage.uri}`);
  }
  return view(
    {
      bible: storage.uri,
      keys,
      envFile: remembered && args.envFile ? { path: args.envFile, written: remembered === "written" } : null,
    },
    lines.join("\n"),
  );
}
