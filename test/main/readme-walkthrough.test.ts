import { execFile } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** The commands of the README's walk-through, exactly as written there. */
async function walkthrough(readme: string): Promise<string[]> {
  const block = /<!-- walkthrough -->\s*```sh\n([\s\S]*?)```\s*<!-- \/walkthrough -->/.exec(readme);
  if (!block?.[1]) throw new Error("README.md has no <!-- walkthrough --> block");
  return block[1].split("\n").filter((line) => line.startsWith("npx "));
}

/**
 * The README's walk-through, verbatim, from a fresh clone of the committed tree in a new folder:
 * real processes, a shell, no configuration but what the walk-through itself writes. The clone
 * shares this checkout's installed packages (a clone would `npm ci` the same lock file).
 */
describe("the README walk-through", () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("works verbatim from a fresh clone", async () => {
    dir = await mkdtemp(join(tmpdir(), "continuity-walkthrough-"));
    const clone = join(dir, "continuity");
    await exec("git", ["clone", "--quiet", REPO, clone]);
    await symlink(realpathSync(join(REPO, "node_modules")), join(clone, "node_modules"));
    const commands = await walkthrough(await readFile(join(clone, "README.md"), "utf8"));
    expect(commands.map((line) => line.split(/\s+/).slice(1, 3).join(" "))).toEqual([
      "continuity init",
      "continuity bible",
      "continuity bible",
      "continuity estimate",
      "continuity render",
      "continuity status",
      "continuity report",
    ]);
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: join(dir, "home"),
      npm_config_update_notifier: "false",
    };
    const outputs: string[] = [];
    for (const line of commands) {
      const result = await exec("sh", ["-c", line], { cwd: clone, env, timeout: 240_000 }).catch(
        (error: { code?: number; stdout?: string; stderr?: string }) => {
          throw new Error(`\`${line}\` exited ${error.code}:\n${error.stdout}\n${error.stderr}`);
        },
      );
      outputs.push(`${result.stdout}${result.stderr}`);
    }
    expect(await readFile(join(clone, ".env"), "utf8")).toContain(
      `CONTINUITY_BIBLE=${join(clone, "my-bible")}`,
    );
    const [, check, , estimate, render, status, report] = outputs;
    expect(check).toContain(`bible: ${join(clone, "my-bible")}`);
    expect(estimate).toMatch(/estimate for scene1 \(scene1, 9 shots\)/);
    const runId = /run (r[0-9a-f]+): estimate/.exec(render ?? "")?.[1];
    expect(runId).toBeDefined();
    expect(status).toContain(`run ${runId} (1A`);
    expect(status).toContain("kill switch: off");
    const page = /report for run \S+ \(\w+\): (\S+\.html)/.exec(report ?? "")?.[1];
    expect(page && existsSync(page)).toBe(true);
    expect(await readFile(page as string, "utf8")).toContain("<video");
  }, 600_000);
});
