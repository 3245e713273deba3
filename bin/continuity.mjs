#!/usr/bin/env node
// Runs the bundle bin/build-cli.mjs makes from the TypeScript sources (nothing is compiled at
// start-up). A build is used only while every source is exactly as it was built from (same
// mtime, same size); otherwise it is rebuilt first, so a stale build can never run.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// Stack traces name the TypeScript sources when debugging (the bundle carries source maps).
if (["1", "true", "yes"].includes(process.env.CONTINUITY_DEBUG ?? "")) process.setSourceMapsEnabled(true);

function currentBuild() {
  try {
    const stamp = JSON.parse(readFileSync(join(root, "dist", "build.json"), "utf8"));
    for (const [file, mtimeMs, size] of stamp.inputs) {
      const stat = statSync(join(root, file));
      if (stat.mtimeMs !== mtimeMs || stat.size !== size) return undefined;
    }
    return join(root, "dist", stamp.id, "cli.js");
  } catch {
    // No build yet, or a source was deleted: build again.
    return undefined;
  }
}

async function loadCli() {
  const built = currentBuild();
  if (built) return import(pathToFileURL(built).href);
  try {
    const { buildCli } = await import("./build-cli.mjs");
    return await import(pathToFileURL(await buildCli()).href);
  } catch (error) {
    // A read-only install, or no esbuild: the sources still run, only slower.
    process.stderr.write(
      `warning BUILD_FAILED: ${error?.message ?? error}; running from the TypeScript sources\n`,
    );
    const { register } = await import("tsx/esm/api");
    register();
    return import("../src/main/cli.ts");
  }
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
