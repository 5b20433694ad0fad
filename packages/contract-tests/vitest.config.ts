import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    // Each file starts its own server; the checks inside a file depend on each other's order.
    sequence: { concurrent: false },
  },
});
