// Prints `N passed, N failed[, N skipped]` from every package's vitest JSON report.
//   node .ci/summarize.mjs                       counts of the reports on disk
//   node .ci/summarize.mjs --save FILE LABEL EXIT  stores them in FILE (one run of several);
//                                                EXIT is that run's exit status
//   node .ci/summarize.mjs --total FILE...       the sum of stored runs, as the closing line
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function countReports() {
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
      // A file that failed to load, or whose setup hook failed, has no failed test but must
      // still count as a failure.
      failed += report.testResults.filter(
        (r) => r.status === "failed" && !r.assertionResults.some((a) => a.status === "failed"),
      ).length;
    }
  }
  // A run that produced no report at all (it could not start) is a failure, not zero tests.
  if (reports === 0) failed += 1;
  return { passed, failed, skipped };
}

const line = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed, ${skipped} skipped`;

const [mode, ...args] = process.argv.slice(2);
if (mode === "--save") {
  const [file, label, exit = "0"] = args;
  const counts = countReports();
  // A run can fail where no report sees it: a test worker that crashed (vitest's JSON report
  // leaves out its unhandled errors), a lint or type error, a task that never started.
  if (exit !== "0" && counts.failed === 0) counts.failed = 1;
  writeFileSync(file, JSON.stringify({ label, ...counts }));
  // Not the closing line's shape, so only the total reads as the result.
  console.log(
    `[${label}] passed=${counts.passed} failed=${counts.failed} skipped=${counts.skipped}`,
  );
} else if (mode === "--total") {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const file of args) {
    const run = JSON.parse(readFileSync(file, "utf8"));
    for (const key of Object.keys(total)) total[key] += run[key];
  }
  if (args.length === 0) total.failed += 1;
  console.log(line(total));
} else {
  console.log(line(countReports()));
}
