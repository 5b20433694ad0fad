import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    // pnpm pack three times, npm install twice (from the local npm cache when it is warm), two
    // tsc runs and a full checker run, on two cores shared with the other packages' suites.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
