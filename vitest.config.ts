import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: files run in parallel, each with its own database, folders and ports.
    pool: "forks",
    maxWorkers: 2,
  },
});
