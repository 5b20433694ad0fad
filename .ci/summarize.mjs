// Prints `N passed, N failed[, N skipped]` from every package's vitest JSON report.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const roots = ["apps", "packages"];
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const root of roots) {
  for (const dir of readdirSync(root)) {
    const file = join(root, dir, "test-results.json");
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, "utf8"));
    reports += 1;
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrors ?? 0);
    skipped += report.numPendingTests + report.numTodoTests;
    // A file that failed to load has no tests but must still count as a failure.
    failed += report.testResults.filter(
      (r) => r.status === "failed" && r.assertionResults.length === 0,
    ).length;
  }
}
if (reports === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
