import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCli } from "./cli-harness.ts";

type Cli = Awaited<ReturnType<typeof createCli>>;

/** Every outcome under --json is one JSON object on stdout, errors as {"error": {code, message, …}}. */
describe("--json means JSON", () => {
  let cli: Cli;
  beforeAll(async () => {
    cli = await createCli();
    expect((await cli.run("init", "--demo")).code).toBe(0);
    expect((await cli.run("bible", "lock")).code).toBe(0);
  });
  afterAll(async () => cli.cleanup());

  it.each([
    [["status", "rnope", "--json"], "UNKNOWN_RUN", /no run rnope/],
    [["estimate", "1Z", "--json"], "UNKNOWN_SHOT", /1Z/],
    [["render", "1A", "--budget", "lots", "--json"], "INVALID_ARGUMENT", /budget/],
    [["validate", "--shot", "1A", "--json"], "INVALID_ARGUMENT", /--image/],
    [["validate", "--shot", "1A", "--image", "/no/such.png", "--json"], undefined, /such\.png/],
    [["approve", "e0000", "--json"], "UNKNOWN_ESCALATION", /e0000/],
    [["report", "--json"], "UNKNOWN_RUN", /no runs yet/],
    [["frobnicate", "--json"], "UNKNOWN_COMMAND", /frobnicate/],
  ])("%j prints one error object on stdout and exits 2", async (argv, code, message) => {
    const result = await cli.run(...argv);
    expect(result.code).toBe(2);
    const parsed = result.json();
    expect(Object.keys(parsed)).toEqual(["error"]);
    if (code) expect(parsed.error.code).toBe(code);
    else expect(parsed.error.code).toMatch(/^[A-Z_]+$/);
    expect(parsed.error.message).toMatch(message);
    expect(parsed.error.exitCode).toBe(2);
  });

  it("keeps plain text without --json", async () => {
    const result = await cli.run("status", "rnope");
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    expect(result.err).toMatch(/^error UNKNOWN_RUN: no run rnope/);
  });
});

/**
 * One way to name the bible, figures that add up and next steps: a bible named with --bible
 * only (the default CONTINUITY_BIBLE does not exist), rendered with the offline providers.
 */
describe("--bible, live spend and what to do next", () => {
  let cli: Cli;
  let bible: string;
  beforeAll(async () => {
    cli = await createCli({
      CONTINUITY_FRAME_SIZE: "640x360",
      CONTINUITY_LOCAL_FAULT_RATE: "0",
      CONTINUITY_LOCAL_VIDEO_FAULT_RATE: "0",
    });
    bible = join(cli.dir, "elsewhere", "bible");
  });
  afterAll(async () => cli.cleanup());

  it("init records a chosen bible in a new .env, and never overwrites one", async () => {
    const fresh = join(cli.dir, "fresh");
    await mkdir(fresh);
    const first = await cli.runIn(fresh, "init", "--demo", join(fresh, "b"));
    expect(first.code).toBe(0);
    expect(await readFile(join(fresh, ".env"), "utf8")).toContain(`CONTINUITY_BIBLE=${join(fresh, "b")}`);
    expect(first.out).toMatch(/^next: continuity bible check$/m);

    const mine = join(cli.dir, "mine");
    await mkdir(mine);
    await writeFile(join(mine, ".env"), "CONTINUITY_USER=zoe\n");
    const second = await cli.runIn(mine, "init", "--demo", join(mine, "b"), "--json");
    expect(second.code, second.out).toBe(0);
    expect(second.json().envFile).toEqual({ path: join(mine, ".env"), written: false });
    expect(await readFile(join(mine, ".env"), "utf8")).toBe("CONTINUITY_USER=zoe\n");
  });

  it("every command that reads the bible takes --bible, and suggestions carry it", async () => {
    expect((await cli.run("init", "--demo", bible)).code).toBe(0);
    const check = await cli.run("bible", "check", "--bible", bible);
    expect(check.out).toContain(`next: continuity bible lock --bible ${bible}`);
    const lock = await cli.run("bible", "lock", "--bible", bible);
    expect(lock.out).toContain(`next: continuity estimate <scope> --bible ${bible}`);

    const estimate = await cli.run("estimate", "scene1", "--bible", bible, "--json");
    expect(estimate.code).toBe(0);
    expect(estimate.json().shots).toHaveLength(9);
    // The demo manifest names no existing panels: audit has nothing to pass (exit 1), but it read this bible.
    const audit = await cli.run("audit", "1A", "--bible", bible, "--json");
    expect(audit.code).not.toBe(2);
    expect(audit.json().error).toBeUndefined();

    // Without it, the default bible is named in full in the suggestion, so pasting it works.
    const missing = await cli.run("estimate", "scene1");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`continuity bible lock --bible ${cli.env.CONTINUITY_BIBLE}`);
  });

  it("warns before a render whose expected cost is above the cap, with the --budget that covers it", async () => {
    const result = await cli.run("render", "1A", "--bible", bible, "--budget", "0.05");
    const warning = result.err.split("\n").find((line) => line.startsWith("warning: "));
    expect(warning).toMatch(/the expected cost \$[\d.]+ is above the cap \$0\.05/);
    const covering = /--budget (\d+\.\d\d) would cover the expected cost/.exec(warning ?? "")?.[1];
    const expected = Number(/expected cost \$([\d.]+)/.exec(warning ?? "")?.[1]);
    expect(Number(covering)).toBeGreaterThanOrEqual(expected);
    expect(Number(covering) - expected).toBeLessThan(0.01);
    expect(warning).toContain(`continuity render 1A --bible ${bible} --budget ${covering}`);
    // The warning came before the run's first line of work.
    const lines = result.err.split("\n");
    expect(lines.indexOf(warning as string)).toBeLessThan(lines.findIndex((line) => line.includes("→")));
  });

  it("the live (spent $X) figures are the ledger's committed total, video included", async () => {
    const result = await cli.run("render", "1A", "--bible", bible, "--budget", "20");
    const figures = [...result.err.matchAll(/\(spent (\$[\d.]+)\)/g)].map((match) => match[1]);
    expect(figures.length).toBeGreaterThan(1);
    const status = (await cli.run("status", "--bible", bible, "--json")).json();
    expect(status.scope).toBe("1A");
    expect(status.shots[0].status, result.err).toBe("accepted");
    // A single shot, not the whole scene: after the clip's verdict nothing more is paid for.
    expect(figures.at(-1)).toBe(status.spentUsd);
    expect(status.spentMicros).toBeGreaterThan(1_000_000);
    // The cap the run was planned under is the one it records.
    expect(status.capMicros).toBe(20_000_000);
  });

  it("estimate works under the --budget asked for, else the configured cap", async () => {
    const asked = (await cli.run("estimate", "1A", "--bible", bible, "--budget", "3", "--json")).json();
    expect(asked).toMatchObject({ capMicros: 3_000_000, capUsd: "$3.00" });
    const configured = (await cli.run("estimate", "1A", "--bible", bible, "--json")).json();
    expect(configured.capMicros).toBe(Number(cli.env.CONTINUITY_RUN_CAP_USD ?? "15") * 1_000_000);
  });

  it("a render refused by the kill switch says how to lift it; status shows the flag and who set it", async () => {
    const off = (await cli.run("status", "--bible", bible, "--json")).json();
    expect(off.stop).toMatchObject({ on: false, flag: { on: false }, file: { present: false }, lift: null });

    expect((await cli.run("stop")).code).toBe(0);
    const refused = await cli.run("render", "1A", "--bible", bible, "--json");
    expect(refused.code).toBe(2);
    expect(refused.json().error.code).toBe("STOPPED");
    expect(refused.json().error.message).toMatch(/stopped by ana .*lift it with continuity resume/);
    const on = await cli.run("status", "--bible", bible, "--json");
    expect(on.json().stop).toMatchObject({ on: true, flag: { on: true, by: "ana" } });
    expect((await cli.run("status", "--bible", bible)).out).toMatch(
      /kill switch: ON \(stop flag set by ana at .*\); lift it with continuity resume/,
    );
    expect((await cli.run("resume")).code).toBe(0);

    const stopFile = cli.env.CONTINUITY_STOP_FILE as string;
    await writeFile(stopFile, "");
    try {
      const byFile = await cli.run("render", "1A", "--bible", bible);
      expect(byFile.code).toBe(2);
      expect(byFile.err).toContain(`STOP file present at ${stopFile} (remove that file to lift it)`);
      const status = (await cli.run("status", "--json")).json();
      expect(status.stop).toMatchObject({ on: true, file: { path: stopFile, present: true } });
      expect(status.stop.lift).toContain(`remove the STOP file at ${stopFile}`);
    } finally {
      await rm(stopFile, { force: true });
    }
    expect(existsSync(stopFile)).toBe(false);
  });
});
