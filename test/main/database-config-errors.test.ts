import { describe, expect, it } from "vitest";
import { runCliProcess } from "../helpers/cli-process.ts";
import { createCli } from "./cli-harness.ts";

const postgresOnly = process.env.TEST_DATABASE_URL ? it : it.skip;

/** A wrong DATABASE_URL is the user's configuration: a coded message naming it, exit 2, no stack. */
describe("database configuration errors", () => {
  async function statusWith(url: string, extra: Record<string, string> = {}) {
    const cli = await createCli({ DATABASE_URL: url, ...extra });
    try {
      return await runCliProcess(cli.env, ["status"]);
    } finally {
      await cli.cleanup();
    }
  }

  it("DATABASE_URL that is not a URL is CONFIG_INVALID naming it, password scrubbed", {
    timeout: 120_000,
  }, async () => {
    const result = await statusWith("postgres//admin:hunter2@db/prod");
    expect(result.stderr).toMatch(/error CONFIG_INVALID: [\s\S]*DATABASE_URL: expected a PostgreSQL URL/);
    expect(result.stderr).not.toContain("hunter2");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(2);
  });

  it("an unreachable server is DATABASE_UNREACHABLE naming DATABASE_URL without its password", {
    timeout: 120_000,
  }, async () => {
    const result = await statusWith("postgres://admin:hunter2@127.0.0.1:1/prod");
    expect(result.stderr).toMatch(
      /error DATABASE_UNREACHABLE: cannot reach DATABASE_URL postgres:\/\/admin:\*\*\*@127\.0\.0\.1:1\/prod/,
    );
    expect(result.stderr).not.toContain("hunter2");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(2);
  });

  it("CONTINUITY_DEBUG=1 adds the stack under the same message", { timeout: 120_000 }, async () => {
    const result = await statusWith("postgres://admin:hunter2@127.0.0.1:1/prod", { CONTINUITY_DEBUG: "1" });
    expect(result.stderr).toMatch(/error DATABASE_UNREACHABLE: /);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain("hunter2");
    expect(result.code).toBe(2);
  });

  postgresOnly(
    "a database that does not exist on a running server is DATABASE_UNREACHABLE",
    {
      timeout: 120_000,
    },
    async () => {
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = "/continuity_no_such_database";
      url.password = "hunter2";
      const result = await statusWith(url.toString());
      expect(result.stderr).toMatch(
        /error DATABASE_UNREACHABLE: cannot reach DATABASE_URL .*:\*\*\*@.*continuity_no_such_database: database "continuity_no_such_database" does not exist/,
      );
      expect(result.stderr).not.toContain("hunter2");
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.code).toBe(2);
    },
  );
});
