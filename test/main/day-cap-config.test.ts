import { writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { main } from "../../src/main/cli.ts";
import { createCli } from "./cli-harness.ts";

describe("the day's cap comes from configuration", () => {
  it("a resumed run is held to the daily cap configured now, not the one it started under", {
    timeout: 240_000,
  }, async () => {
    const cli = await createCli({
      CONTINUITY_FRAME_SIZE: "640x360",
      CONTINUITY_RUN_CAP_USD: "100",
      CONTINUITY_DAILY_CAP_USD: "1000",
    });
    try {
      expect((await cli.run("init", "--demo")).code).toBe(0);
      expect((await cli.run("bible", "lock")).code).toBe(0);
      // Started under a $1000 day cap; a STOP file written as soon as the run exists (a render is
      // refused outright while the kill switch is already on) keeps it from spending anything yet.
      const out: string[] = [];
      const stopFile = cli.env.CONTINUITY_STOP_FILE as string;
      await main(["render", "1B", "--json"], {
        out: (text) => out.push(text),
        err: (text) => {
          if (/^run r\w+: estimate/.test(text)) writeFileSync(stopFile, "");
        },
        env: cli.env,
        cwd: cli.dir,
      });
      expect(JSON.parse(out.join("\n")).status).toBe("stopped");
      await rm(stopFile);

      // The operator lowers the day cap; the next process reads it and the run is held to it.
      cli.env.CONTINUITY_DAILY_CAP_USD = "0.01";
      const resumed = await cli.run("resume", "--json");
      const [run] = resumed.json().runs;
      expect(run.status).toBe("halted");
      const status = await cli.run("status", "--json");
      expect(JSON.stringify(status.json())).toMatch(/daily cap \$0\.01 would be exceeded, halted/);
    } finally {
      await cli.cleanup();
    }
  });
});
