import { createRequire } from "node:module";
import type { Builder } from "junit-report-builder";
import type { ContractReport } from "../run.js";
import { checkerVersion } from "../version.js";

// The package is CommonJS whose types declare an ES default export: under NodeNext an `import`
// would be typed as `{ default: Builder }` while Node hands over the builder itself.
const junit = createRequire(import.meta.url)("junit-report-builder") as Builder;

const SUITES_NAME = "refattaches-contract";

/**
 * JUnit XML for CI systems: one test suite per operation, one test case per check (its kind
 * and title), with the check's failures as the failure message. Operations left out (by
 * `--read-only`, or refused deliveries) appear as skipped test cases, named with the reason.
 * Like the text report, it holds no bodies.
 */
export function junitReport(report: ContractReport, baseUrl: string): string {
  const builder = junit.newBuilder().name(SUITES_NAME);
  const suites = new Map<string, ReturnType<Builder["testSuite"]>>();
  const suiteFor = (name: string) => {
    let suite = suites.get(name);
    if (suite === undefined) {
      suite = builder.testSuite().name(name);
      suite.property("baseUrl", baseUrl).property("spec", report.specPath);
      suite.property("checker", `${checkerVersion().name}@${checkerVersion().version}`);
      suites.set(name, suite);
    }
    return suite;
  };
  for (const result of report.results) {
    const suiteName = `${result.operationId} ${result.method} ${result.path}`;
    const testCase = suiteFor(suiteName)
      .testCase()
      .className(suiteName)
      .name(`${result.kind} | ${result.title}`)
      .time(result.durationMs / 1000);
    if (!result.passed) testCase.failure(result.failures.join("\n"), result.kind);
    if (result.note !== undefined) testCase.standardOutput(`note: ${result.note}`);
  }
  for (const operation of report.skipped) {
    const reason = report.skippedReasons[operation] ?? "";
    suiteFor(operation).testCase().className(operation).name(`skipped (${reason})`).skipped();
  }
  return builder.build();
}

/** JUnit XML for a run that could not start: one errored test case saying why. */
export function junitError(message: string, baseUrl: string): string {
  const builder = junit.newBuilder().name(SUITES_NAME);
  builder
    .testSuite()
    .name("preflight")
    .property("baseUrl", baseUrl)
    .testCase()
    .className("preflight")
    .name("the server answers at the base URL with the key")
    .error(message, "PreflightError");
  return builder.build();
}
