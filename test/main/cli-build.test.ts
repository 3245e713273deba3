import { readFile, stat, utimes } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runCliProcess } from "../helpers/cli-process.ts";

const STAMP = "dist/build.json";
const SOURCE = "src/main/cli/demo-command.ts";

async function stamp(): Promise<{ id: string; inputs: [string, number, number][] }> {
  return JSON.parse(await readFile(STAMP, "utf8"));
}

describe("the CLI's build (bin/continuity.mjs runs a bundle of the sources)", () => {
  it("is rebuilt before it runs when a source differs from what it was built from, and only then", async () => {
    expect((await runCliProcess({}, ["--help"])).code).toBe(0);
    const before = await stamp();

    // A source touched (as an edit or a checkout does) makes the build stale.
    const touched = new Date((await stat(SOURCE)).mtimeMs + 1000);
    await utimes(SOURCE, touched, touched);
    const rebuilt = await runCliProcess({}, ["--help"]);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain("Usage: continuity");
    const after = await stamp();
    expect(after.id).not.toBe(before.id);
    expect(after.inputs.find(([file]) => file === SOURCE)?.[1]).toBe((await stat(SOURCE)).mtimeMs);

    // Unchanged sources run the same build again.
    expect((await runCliProcess({}, ["--help"])).code).toBe(0);
    expect((await stamp()).id).toBe(after.id);
  });
});
