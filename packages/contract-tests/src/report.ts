import type { CheckResult, ContractReport } from "./run.js";

/** Server explanations are repeated in the report; they are cut short to keep one line a check. */
const MAX_EXPLANATION = 160;

/**
 * One line per check; a failed check adds one indented line per failure. Only the operation,
 * status, the server's error explanation and schema paths are printed: never a body, which may
 * hold patient data.
 */
export function formatResult(result: CheckResult): string {
  const mark = result.passed ? "PASS" : "FAIL";
  const status = result.status === undefined ? "" : ` -> ${result.status}`;
  let explanation = "";
  if (result.explanation !== undefined) {
    const text = result.explanation.replace(/\s+/g, " ").trim();
    const cut = text.length > MAX_EXPLANATION ? `${text.slice(0, MAX_EXPLANATION)}...` : text;
    explanation = ` ${JSON.stringify(cut)}`;
  }
  const line = `${mark} ${result.kind.padEnd(8)} ${result.operationId} ${result.method} ${result.path} | ${result.title}${status}${explanation}`;
  const note = result.note === undefined ? [] : [`       note: ${result.note}`];
  return [line, ...note, ...result.failures.map((f) => `       ${f}`)].join("\n");
}

export function formatSummary(report: ContractReport): string {
  const lines: string[] = [];
  const byReason = new Map<string, string[]>();
  for (const operation of report.skipped) {
    const reason = report.skippedReasons[operation] ?? "";
    byReason.set(reason, [...(byReason.get(reason) ?? []), operation]);
  }
  for (const [reason, operations] of byReason) {
    lines.push(`Skipped (${reason}): ${operations.join("; ")}`);
  }
  lines.push(`Spec: ${report.specPath} (${(report.durationMs / 1000).toFixed(1)} s)`);
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join("\n");
}
