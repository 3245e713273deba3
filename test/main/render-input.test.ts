import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCli } from "./cli-harness.ts";

/** Wrong input to render gets a message naming what is wrong and exit 2; nothing is recorded or spent. */
describe("render with bad input", () => {
  let cli: Awaited<ReturnType<typeof createCli>>;
  beforeAll(async () => {
    cli = await createCli();
    expect((await cli.run("init", "--demo")).code).toBe(0);
    expect((await cli.run("bible", "lock")).code).toBe(0);
  });
  afterAll(async () => cli.cleanup());

  it.each([
    [["render", "9Z"], /UNKNOWN_SHOT: no shot or scene named 9Z/],
    [["render", "1D-1A"], /INVALID_SCOPE: .*runs backwards/],
    [["render", "1A,2A"], /INVALID_SCOPE: .*one scene/],
    [["render", "../1A"], /INVALID_SCOPE/],
    [
      ["render", "1A", "--budget", "-1"],
      /INVALID_ARGUMENT: render: budget: expected a positive dollar amount/,
    ],
    [["render", "1A", "--budget", "lots"], /INVALID_ARGUMENT: render: budget/],
    [["render", "1A", "--budget", "0"], /INVALID_ARGUMENT: render: budget/],
    [["approve", "e0000"], /UNKNOWN_ESCALATION/],
    [["status", "r-none"], /UNKNOWN_RUN/],
    [["spend", "--day", "2026-13-45"], /INVALID_ARGUMENT: spend: day/],
  ])("%j is refused with a clear message", async (argv, message) => {
    const result = await cli.run(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it("recorded nothing and spent nothing", async () => {
    const spend = (await cli.run("spend", "--json")).json();
    expect(spend.totalMicros).toBe(0);
    expect((await cli.run("status")).err).toMatch(/no runs yet/);
  });
});
