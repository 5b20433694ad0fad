import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    // A checker test runs the whole suite (~270 requests) through a proxy; CI's two cores are
    // shared with the other packages' suites, so allow far more than the usual 2 s it takes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
