import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliProcess } from "../helpers/cli-process.ts";
import { createCli } from "./cli-harness.ts";

/**
 * The commands issue 11 found hanging, each run as a real process under a hang guard: each must
 * end by itself with its coded message and exit 2.
 */
describe("commands that used to hang end with a coded message", () => {
  let cli: Awaited<ReturnType<typeof createCli>>;
  beforeAll(async () => {
    cli = await createCli({ CONTINUITY_FRAME_SIZE: "640x360" });
    expect((await cli.run("init", "--demo")).code).toBe(0);
    expect((await cli.run("bible", "lock")).code).toBe(0);
    await writeFile(join(cli.dir, "malformed-prices.json"), "{ not json");
    await writeFile(join(cli.dir, "wrong-prices.json"), JSON.stringify({ version: 1, models: "none" }));
  }, 240_000);
  afterAll(() => cli.cleanup());

  const cases: {
    name: string;
    env: (dir: string) => Record<string, string>;
    argv: string[];
    message: RegExp;
  }[] = [
    {
      name: "CONTINUITY_PRICES naming a missing file (render)",
      env: (dir) => ({ CONTINUITY_PRICES: join(dir, "missing.json") }),
      argv: ["render", "1A"],
      message: /error CONFIG_INVALID: CONTINUITY_PRICES: .*missing\.json/,
    },
    {
      name: "CONTINUITY_PRICES naming a malformed file (estimate)",
      env: (dir) => ({ CONTINUITY_PRICES: join(dir, "malformed-prices.json") }),
      argv: ["estimate", "1A"],
      message: /error CONFIG_INVALID: CONTINUITY_PRICES: .*malformed-prices\.json/,
    },
    {
      name: "CONTINUITY_PRICES naming a file that is not a price table (worker)",
      env: (dir) => ({ CONTINUITY_PRICES: join(dir, "wrong-prices.json") }),
      argv: ["worker"],
      message: /error CONFIG_INVALID: CONTINUITY_PRICES: .*wrong-prices\.json/,
    },
    {
      name: "CONTINUITY_FRAME_SIZE=99999x99999 (render)",
      env: () => ({ CONTINUITY_FRAME_SIZE: "99999x99999" }),
      argv: ["render", "1A"],
      message: /error CONFIG_INVALID: [\s\S]*CONTINUITY_FRAME_SIZE: expected each side between 64 and 4096/,
    },
    {
      name: "validate --image /dev/zero",
      env: () => ({}),
      argv: ["validate", "--shot", "1A", "--image", "/dev/zero"],
      message: /error INVALID_ARGUMENT: validate: image \/dev\/zero is not a regular file/,
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, { timeout: 120_000 }, async () => {
      const result = await runCliProcess({ ...cli.env, ...testCase.env(cli.dir) }, testCase.argv);
      expect(result.hung, `still running after the guard:\n${result.stderr}`).toBe(false);
      expect(result.stderr).toMatch(testCase.message);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(/PGlite is closed|\n\s+at /);
    });
  }
});
