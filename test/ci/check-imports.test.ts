import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const script = resolve(import.meta.dirname, "../../.ci/check-imports.mjs");
const roots: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "check-imports-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Runs the script as CI does: a real process, its exit code and its lines. */
async function check(root: string): Promise<{ code: number; lines: string[] }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [script, root]);
    return { code: 0, lines: stdout.trim().split("\n") };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, lines: failed.stdout.trim().split("\n") };
  }
}

const clean = {
  "src/core/money.ts":
    'import { z } from "zod";\nimport { createHash } from "node:crypto";\nimport { join } from "path";\nimport type { Blame } from "./blame.ts";\n',
  "src/core/blame.ts": "export type Blame = 'panel';\n",
  "src/ports/storage.ts": 'import type { Blame } from "../core/blame.ts";\n',
  "src/app/run.ts":
    'import type { Storage } from "../ports/storage.ts";\nimport { z } from "zod";\n// import { x } from "../adapters/s3.ts";\n',
  "src/adapters/s3.ts":
    'import { S3Client } from "@aws-sdk/client-s3";\nimport type { Storage } from "../ports/storage.ts";\n',
  "db/queries/runs.ts": 'import { eq } from "drizzle-orm";\nimport { pgTable } from "drizzle-orm/pg-core";\n',
  "commands/render.ts":
    'import { startRun } from "../src/app/run.ts";\nexport { planRun } from "../src/app/run.ts";\n',
};

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe(".ci/check-imports.mjs", () => {
  it("passes a tree that follows the rules", async () => {
    const result = await check(tree(clean));
    expect(result).toEqual({ code: 0, lines: ["imports follow the layout rules"] });
  });

  it("reports one violation of each rule as file: rule: import, and fails", async () => {
    const result = await check(
      tree({
        ...clean,
        // src/core reaching out of the core, here through a type import split over lines.
        "src/core/prices.ts": 'import type {\n  ModelUsage,\n} from "../ports/image-model.ts";\n',
        "src/ports/image-model.ts": "export interface ModelUsage { images?: number }\n",
        // drizzle outside db/, through a dynamic import.
        "src/bot/store/chat-state.ts": 'const { eq } = await import("drizzle-orm");\n',
        // src/app importing an adapter, by file and by package.
        "src/app/queue.ts": 'import PgBoss from "pg-boss";\nexport { s3 } from "../adapters/s3.ts";\n',
        // A circle through a type.
        "src/bot/dispatch.ts":
          'import { run } from "./run-chat.ts";\nexport interface Invocation { name: string }\n',
        "src/bot/run-chat.ts": 'import type { Invocation } from "./dispatch.ts";\nexport const run = 1;\n',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      "src/app/queue.ts: app-no-adapters: pg-boss",
      "src/app/queue.ts: app-no-adapters: ../adapters/s3.ts",
      "src/bot/store/chat-state.ts: drizzle-in-db: drizzle-orm",
      "src/core/prices.ts: core-pure: ../ports/image-model.ts",
      "src/bot/dispatch.ts: no-cycle: ./run-chat.ts (src/bot/dispatch.ts -> src/bot/run-chat.ts -> src/bot/dispatch.ts)",
      "5 import rule violations",
    ]);
  });

  it("finds a longer circle once, and a core file importing a package", async () => {
    const result = await check(
      tree({
        ...clean,
        "src/core/a.ts": 'import "./b.ts";\n',
        "src/core/b.ts": 'export * from "./c.ts";\n',
        "src/core/c.ts": 'import { a } from "./a.ts";\nimport sharp from "sharp";\n',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      "src/core/c.ts: core-pure: sharp",
      "src/core/a.ts: no-cycle: ./b.ts (src/core/a.ts -> src/core/b.ts -> src/core/c.ts -> src/core/a.ts)",
      "2 import rule violations",
    ]);
  });
});
