#!/usr/bin/env node
// The layout's rules (DESIGN.md section 8), checked on every import of every .ts file under src/,
// db/ and commands/: type-only imports count too, since a type import still ties one layer to
// another. Plain Node on purpose: the check must run before anything is installed or compiled.
//
//   node .ci/check-imports.mjs [ROOT]     prints "file: rule: import" per violation, exits 1 if any
//
// Rules:
//   core-pure          src/core imports only zod, node built-ins and other src/core files
//   drizzle-in-db      only db/ imports drizzle
//   app-no-adapters    src/app imports neither src/adapters nor a package other than zod (an SDK or
//                      a driver is an adapter's business; src/app receives adapters through ports)
//   no-cycle           no circle of imports between local files
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";

const SCANNED = ["src", "db", "commands"];
const BUILTINS = new Set(builtinModules);

/** Every import, export-from, side-effect import and dynamic import specifier in a file. */
export function importSpecifiers(text) {
  // Comments go first so an import written in a comment is not read as one.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found = [];
  const patterns = [
    /\b(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]);
  return [...new Set(found)];
}

function tsFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === "node_modules" || name.startsWith(".")) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(path);
    }
  };
  for (const top of SCANNED) if (existsSync(join(root, top))) walk(join(root, top));
  return files;
}

/** The local file a relative specifier names, as a root-relative path with forward slashes. */
function resolveLocal(root, from, specifier) {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")];
  const hit = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return hit ? toKey(root, hit) : undefined;
}

const toKey = (root, path) => relative(root, path).split(sep).join("/");

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function isBuiltin(specifier) {
  return specifier.startsWith("node:") || BUILTINS.has(packageName(specifier));
}

/** Checks a tree; returns the violations as { file, rule, specifier } in a stable order. */
export function checkImports(root) {
  const violations = [];
  const graph = new Map();
  for (const path of tsFiles(root)) {
    const file = toKey(root, path);
    const edges = [];
    graph.set(file, edges);
    for (const specifier of importSpecifiers(readFileSync(path, "utf8"))) {
      const local = specifier.startsWith(".") ? resolveLocal(root, path, specifier) : undefined;
      if (local) edges.push({ to: local, specifier });
      const report = (rule) => violations.push({ file, rule, specifier });
      if (file.startsWith("src/core/")) {
        const allowed = local
          ? local.startsWith("src/core/")
          : packageName(specifier) === "zod" || isBuiltin(specifier);
        if (!allowed) report("core-pure");
      }
      if (!local && /^drizzle-/.test(packageName(specifier)) && !file.startsWith("db/"))
        report("drizzle-in-db");
      if (file.startsWith("src/app/")) {
        const adapter = local
          ? local.startsWith("src/adapters/")
          : !specifier.startsWith(".") && packageName(specifier) !== "zod" && !isBuiltin(specifier);
        if (adapter) report("app-no-adapters");
      }
    }
  }
  for (const circle of circles(graph)) {
    const [first, second] = circle;
    const specifier = graph.get(first).find((edge) => edge.to === second).specifier;
    violations.push({ file: first, rule: "no-cycle", specifier: `${specifier} (${circle.join(" -> ")})` });
  }
  return violations;
}

/**
 * One circle per strongly connected component (Tarjan), as a path that starts and ends at the
 * component's first file, so a circle is reported once however many files it passes through.
 */
function circles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const connect = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const { to } of graph.get(node) ?? []) {
      if (!graph.has(to)) continue;
      if (!indices.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node), low.get(to)));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node), indices.get(to)));
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (graph.get(node) ?? []).some((edge) => edge.to === node);
      if (component.length > 1 || selfLoop) components.push(new Set(component));
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) connect(node);
  return components.map((component) => {
    const start = [...component].sort()[0];
    return pathBack(graph, component, start);
  });
}

/** A shortest path from start back to start inside one component (breadth first). */
function pathBack(graph, component, start) {
  const previous = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const { to } of graph.get(node)) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]));
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), ".."));
  const violations = checkImports(root);
  for (const { file, rule, specifier } of violations) console.log(`${file}: ${rule}: ${specifier}`);
  if (violations.length > 0) {
    console.log(`${violations.length} import rule violation${violations.length === 1 ? "" : "s"}`);
    process.exit(1);
  }
  console.log("imports follow the layout rules");
}
