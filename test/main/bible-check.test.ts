import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFolderStorage } from "../../src/adapters/folder-storage.ts";
import type { Storage } from "../../src/ports/storage.ts";
import { tinyPng, writeTestBible } from "../helpers/test-bible.ts";
import { createCli } from "./cli-harness.ts";

describe("continuity bible check and lock", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => cleanup?.());

  async function setUp(change?: (bible: Storage) => Promise<void>) {
    const cli = await createCli();
    cleanup = cli.cleanup;
    const bible = createFolderStorage(cli.env.CONTINUITY_BIBLE as string);
    await writeTestBible(bible);
    await change?.(bible);
    return { cli, bible };
  }

  it("reports roster, locations, scenes and lock state as JSON, and passes a sound bible", async () => {
    const { cli } = await setUp();
    const before = await cli.run("bible", "check", "--json");
    expect(before.code).toBe(0);
    const report = before.json();
    expect(report.roster).toEqual(["ann", "bo"]);
    expect(report.locations).toEqual(["room"]);
    expect(report.scenes).toEqual([{ id: "s1", shots: 2 }]);
    expect(report.lock.state).toBe("unlocked");
    expect(report.problems).toEqual([expect.objectContaining({ code: "NOT_LOCKED", severity: "warning" })]);

    expect((await cli.run("bible", "lock")).code).toBe(0);
    const after = (await cli.run("bible", "check", "--json")).json();
    expect(after.lock.state).toBe("locked");
    expect(after.problems).toEqual([]);
  });

  it("finds a reference changed after the lock, and blocks rendering until it is re-locked", async () => {
    const { cli, bible } = await setUp();
    await cli.run("bible", "lock");
    await bible.write("characters/ann/ann_turnaround_APPROVED.png", await tinyPng(1, 2, 3));
    const check = await cli.run("bible", "check", "--json");
    expect(check.code).toBe(1);
    expect(check.json().problems).toContainEqual(
      expect.objectContaining({
        code: "REFERENCE_CHANGED",
        key: "characters/ann/ann_turnaround_APPROVED.png",
      }),
    );
    const render = await cli.run("render", "S1");
    expect(render.code).toBe(2);
    expect(render.err).toMatch(/BIBLE_CHANGED/);
  });

  it.each([
    [
      "a character folder with only a draft",
      async (bible: Storage) => {
        await bible.write("characters/jenny/jenny_turnaround_v2.png", await tinyPng(9, 9, 9));
      },
      { code: "TURNAROUND_MISSING", key: "characters/jenny/jenny_turnaround_APPROVED.png" },
    ],
    [
      "a manifest naming a character the bible lacks",
      async (bible: Storage) => {
        const manifest = JSON.parse((await bible.read("scenes/s1/manifest.json")).toString());
        manifest.shots[1].characters.push({ id: "ruben", wardrobe: "yellow raincoat" });
        await bible.write("scenes/s1/manifest.json", JSON.stringify(manifest));
      },
      { code: "UNKNOWN_CHARACTER", key: "characters/ruben/ruben_turnaround_APPROVED.png" },
    ],
    [
      "a turnaround that does not decode",
      async (bible: Storage) => {
        const png = await bible.read("characters/bo/bo_turnaround_APPROVED.png");
        await bible.write("characters/bo/bo_turnaround_APPROVED.png", png.subarray(0, 60));
      },
      { code: "IMAGE_UNREADABLE", key: "characters/bo/bo_turnaround_APPROVED.png" },
    ],
    [
      "a manifest that is not JSON",
      async (bible: Storage) => {
        await bible.write("scenes/s1/manifest.json", "{ shots: [");
      },
      { code: "MANIFEST_INVALID_JSON", key: "scenes/s1/manifest.json" },
    ],
    [
      "a manifest with a bad field",
      async (bible: Storage) => {
        const manifest = JSON.parse((await bible.read("scenes/s1/manifest.json")).toString());
        manifest.shots[0].duration = -3;
        manifest.shots[1].characters[0].id = "../etc";
        await bible.write("scenes/s1/manifest.json", JSON.stringify(manifest));
      },
      { code: "MANIFEST_INVALID", key: "scenes/s1/manifest.json" },
    ],
    [
      "duplicate shot ids",
      async (bible: Storage) => {
        const manifest = JSON.parse((await bible.read("scenes/s1/manifest.json")).toString());
        manifest.shots[1].id = "S1";
        await bible.write("scenes/s1/manifest.json", JSON.stringify(manifest));
      },
      { code: "DUPLICATE_SHOT_ID", key: "scenes/s1/manifest.json" },
    ],
    [
      "a folder whose name is not a plain id",
      async (bible: Storage) => {
        await bible.write("characters/bad name/x.png", await tinyPng(9, 9, 9));
      },
      { code: "INVALID_ID", key: "characters/bad name/" },
    ],
  ])("reports %s with its code and key, exit 1", async (_label, change, expected) => {
    const { cli } = await setUp(change);
    const check = await cli.run("bible", "check", "--json");
    expect(check.code).toBe(1);
    expect(check.json().problems).toContainEqual(expect.objectContaining({ ...expected, severity: "error" }));
    const text = await cli.run("bible", "check");
    expect(text.out).toContain(expected.code);
    expect(text.out).toContain(expected.key);
  });

  it("names the field path in a manifest error", async () => {
    const { cli } = await setUp(async (bible) => {
      const manifest = JSON.parse((await bible.read("scenes/s1/manifest.json")).toString());
      manifest.shots[1].characters[0].wardrobe = "";
      await bible.write("scenes/s1/manifest.json", JSON.stringify(manifest));
    });
    const check = await cli.run("bible", "check");
    expect(check.out).toContain("scenes/s1/manifest.json: shots[1].characters[0].wardrobe");
  });

  it("warns about a character no shot uses, without failing", async () => {
    const { cli } = await setUp(async (bible) => {
      await bible.write("characters/jetplane/jetplane_turnaround_APPROVED.png", await tinyPng(9, 9, 9));
    });
    const check = await cli.run("bible", "check", "--json");
    expect(check.code).toBe(0);
    expect(check.json().problems).toContainEqual(
      expect.objectContaining({ code: "CHARACTER_UNUSED", severity: "warning", key: "characters/jetplane/" }),
    );
  });

  it("fails a bible location that does not exist (a misspelt --bible), naming it, and refuses to lock it", async () => {
    const { cli } = await setUp();
    const misspelt = `${cli.dir}/bilbe`;
    const check = await cli.run("bible", "check", "--bible", misspelt, "--json");
    expect(check.code).toBe(1);
    const problems = check.json().problems;
    expect(problems).toContainEqual(
      expect.objectContaining({ code: "BIBLE_NO_CHARACTERS", severity: "error", key: "characters/" }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: "BIBLE_NO_SCENES", severity: "error", key: "scenes/" }),
    );
    expect(
      problems.find((problem: { code: string }) => problem.code === "BIBLE_NO_CHARACTERS").message,
    ).toContain(misspelt);
    const lock = await cli.run("bible", "lock", "--bible", misspelt);
    expect(lock.code).toBe(2);
    expect(lock.err).toMatch(/BIBLE_HAS_ERRORS/);
    expect(lock.err).toContain(misspelt);
  });

  it("fails a bible with characters but no scenes/ folder", async () => {
    const { cli } = await setUp();
    await rm(join(cli.env.CONTINUITY_BIBLE as string, "scenes"), { recursive: true });
    const check = await cli.run("bible", "check", "--json");
    expect(check.code).toBe(1);
    expect(check.json().problems).toContainEqual(
      expect.objectContaining({ code: "BIBLE_NO_SCENES", key: "scenes/" }),
    );
  });

  it("reports a wrong configuration value by name", async () => {
    const cli = await createCli({ CONTINUITY_RUN_CAP_USD: "lots" });
    cleanup = cli.cleanup;
    const result = await cli.run("bible", "check");
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/CONTINUITY_RUN_CAP_USD: expected a dollar amount/);
  });
});
