import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliProcess } from "../helpers/cli-process.ts";

/** The SDKs a command must not load unless it uses them. */
const SDKS = ["@slack/bolt", "discord.js", "@aws-sdk/client-s3", "@google/genai", "pg-boss", "sharp"];
const RECORDER = resolve("test/helpers/record-loads.mjs");

/** The packages a real CLI process imported, by name, as the module loader resolved them. */
function packagesIn(urls: string): Set<string> {
  const names = new Set<string>();
  for (const match of urls.matchAll(/node_modules\/((?:@[^/\n]+\/)?[^/\n]+)\//g))
    names.add(match[1] as string);
  return names;
}

describe("start-up: what each command loads (embedded database, offline providers)", () => {
  let dir: string;
  let env: Record<string, string>;
  let count = 0;

  const loadsOf = async (...argv: string[]) => {
    const record = join(dir, `loads-${count++}.txt`);
    const result = await runCliProcess(
      { ...env, CONTINUITY_RECORD_LOADS: record, NODE_OPTIONS: `--import=${RECORDER}` },
      argv,
    );
    expect(result.hung).toBe(false);
    return { ...result, packages: packagesIn(await readFile(record, "utf8").catch(() => "")) };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "continuity-startup-"));
    env = {
      CONTINUITY_DATA_DIR: join(dir, "data"),
      CONTINUITY_BIBLE: join(dir, "bible"),
      CONTINUITY_STOP_FILE: join(dir, "STOP"),
      CONTINUITY_USER: "ana",
    };
    for (const argv of [
      ["init", "--demo"],
      ["bible", "lock"],
    ]) {
      const result = await runCliProcess(env, argv);
      expect(result.code, result.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(["--help", "status --help", "render --help", "bot --help"])(
    "%s loads commander and no SDK",
    async (command) => {
      const argv = command.split(" ");
      const { code, stdout, packages } = await loadsOf(...argv);
      expect(code).toBe(0);
      expect(stdout).toContain("Usage: continuity");
      // The recorder saw the process's imports: commander is what help needs.
      expect(packages).toContain("commander");
      for (const sdk of [...SDKS, "zod", "@electric-sql/pglite", "postgres", "drizzle-orm"])
        expect(packages).not.toContain(sdk);
    },
  );

  it.each(["status --json", "spend --json"])(
    "%s opens the embedded database and loads no SDK",
    async (command) => {
      const argv = command.split(" ");
      const { stdout, packages } = await loadsOf(...argv);
      expect(JSON.parse(stdout)).toBeTypeOf("object");
      expect(packages).toContain("@electric-sql/pglite");
      for (const sdk of SDKS) expect(packages).not.toContain(sdk);
    },
  );

  it("status of an s3:// bible only names it: the S3 SDK is not loaded", async () => {
    const { stdout, packages } = await loadsOf("status", "--bible", "s3://films/pilot", "--json");
    expect(JSON.parse(stdout)).toBeTypeOf("object");
    expect(packages).toContain("@electric-sql/pglite");
    expect(packages).not.toContain("@aws-sdk/client-s3");
  });

  it("estimate plans the run without the job queue, the chat platforms, S3 or Gemini", async () => {
    const { code, stdout, packages } = await loadsOf("estimate", "1A", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ scope: "1A" });
    expect(packages).toContain("@electric-sql/pglite");
    // sharp is not in this list: estimate checks the bible, which decodes every reference.
    for (const sdk of SDKS.filter((name) => name !== "sharp")) expect(packages).not.toContain(sdk);
  });
});
