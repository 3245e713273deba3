import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's root, from the source tree or from a bundle in dist/ alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || !isContinuity(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("the continuity package root was not found");
    dir = parent;
  }
  return dir;
}

function isContinuity(file: string): boolean {
  return (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "continuity";
}
