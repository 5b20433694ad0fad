import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // listAll's setup creates 150 rows one by one; CI's two cores are shared with the other
    // packages' suites, so allow far more than the second it takes on an idle machine.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
