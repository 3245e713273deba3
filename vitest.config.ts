import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A guard against hangs, not a speed check: the pixel-judge accuracy tests render and judge
    // hundreds of images and take a minute or more when both cores are busy.
    testTimeout: 240_000,
    hookTimeout: 120_000,
    // Two cores here: files run in parallel, each with its own database, folders and ports.
    pool: "forks",
    maxWorkers: 2,
  },
});
