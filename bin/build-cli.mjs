// Bundles the CLI from its TypeScript sources into dist/, so a command starts without compiling
// anything. bin/continuity.mjs calls this whenever a source differs from what the build was
// made from, and `npm ci` runs it once (the prepare script) so the first command is fast too.
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DIST = join(ROOT, "dist");
export const STAMP = join(DIST, "build.json");
/** Everything the bundle is made from; node_modules stay outside it (resolved at run time). */
const SOURCES = ["src", "db", "commands", "package.json", "bin/build-cli.mjs"];
/** An older build is kept this long, for a long-running bot still loading its lazy chunks. */
const KEEP_OLD_MS = 24 * 60 * 60 * 1000;

function listFiles(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => listFiles(join(path, entry.name)));
}

/** Path, mtime and size of every source, as bin/continuity.mjs compares them. */
export function sourceStamps() {
  return SOURCES.flatMap((source) => listFiles(join(ROOT, source))).map((file) => {
    const stat = statSync(file);
    return [relative(ROOT, file), stat.mtimeMs, stat.size];
  });
}

/** tsx's own esbuild: tsx is a dependency, so it is there in any install (dev dependencies or not). */
function loadEsbuild() {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx"));
  return fromTsx("esbuild");
}

/**
 * Builds into a folder of its own and then points dist/build.json at it, both by rename, so
 * processes building at the same time never see half a build and a running one keeps its own.
 */
export async function buildCli() {
  const { build } = loadEsbuild();
  // Stamped before bundling: a source edited while esbuild reads it makes the next run rebuild.
  const inputs = sourceStamps();
  const id = `build-${Date.now()}-${process.pid}`;
  const staging = join(DIST, `.${id}`);
  mkdirSync(staging, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: "src/main/cli.ts" },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "silent",
  });
  // db/create-db.ts finds its migrations next to itself; in the bundle that is the chunk's folder.
  cpSync(join(ROOT, "db", "migrations"), join(staging, "migrations"), { recursive: true });
  renameSync(staging, join(DIST, id));
  const stampTemp = `${STAMP}.${process.pid}`;
  writeFileSync(stampTemp, JSON.stringify({ id, inputs }));
  renameSync(stampTemp, STAMP);
  pruneOldBuilds(id);
  return join(DIST, id, "cli.js");
}

function pruneOldBuilds(current) {
  for (const entry of readdirSync(DIST, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const path = join(DIST, entry.name);
    if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
  }
}

// `npm ci` runs this (the prepare script). A failed build must not fail the install: the CLI
// builds again when it first runs, or runs from the sources and says so.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`built ${relative(ROOT, await buildCli())}\n`);
  } catch (error) {
    process.stderr.write(
      `warning BUILD_FAILED: ${error?.message ?? error}; the CLI will try again when it runs\n`,
    );
  }
}
