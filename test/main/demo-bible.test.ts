import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3TestServer, startS3Server } from "../helpers/s3-server.ts";
import { createCli } from "./cli-harness.ts";

const DEMO_CAST = ["gabe", "jenny", "jetplane", "leo", "mia", "nina", "ruben"];
const DEMO_LOCATIONS = ["cave_hideout", "jurassic_swamp", "living_room", "magic_minivan"];

describe("the demo bible, from a folder and from S3", () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3Server("bibles");
  });
  afterAll(async () => s3.close());

  it.each([
    ["a folder", () => ({})],
    [
      "S3",
      () => ({
        CONTINUITY_BIBLE: "s3://bibles/films/rex",
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY_ID: "S3RVER",
        S3_SECRET_ACCESS_KEY: "S3RVER",
        S3_FORCE_PATH_STYLE: "true",
      }),
    ],
  ])("init --demo then bible check passes from %s", async (_where, extra) => {
    const cli = await createCli(extra());
    try {
      const init = await cli.run("init", "--demo");
      expect(init.code).toBe(0);
      const check = await cli.run("bible", "check", "--json");
      expect(check.code).toBe(0);
      const report = check.json();
      expect(report.roster).toEqual(DEMO_CAST);
      expect(report.locations).toEqual(DEMO_LOCATIONS);
      expect(report.scenes).toContainEqual({ id: "scene1", shots: 9 });
      expect(report.problems.filter((problem: { severity: string }) => problem.severity === "error")).toEqual(
        [],
      );
      // A second init never overwrites a bible.
      const again = await cli.run("init", "--demo");
      expect(again.code).toBe(2);
      expect(again.err).toMatch(/BIBLE_EXISTS/);
    } finally {
      await cli.cleanup();
    }
  });
});
