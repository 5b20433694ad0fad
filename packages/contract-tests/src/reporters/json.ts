import type { ContractReport } from "../run.js";
import { checkerVersion } from "../version.js";

/** What `--reporter json` writes: the report as data, with no bodies (only explanations). */
export interface JsonReport {
  checker: { name: string; version: string };
  baseUrl: string;
  /** `null` when the run could not start; `error` says why. */
  report: ContractReport | null;
  error?: string;
}

export function jsonReport(report: ContractReport, baseUrl: string): string {
  const document: JsonReport = { checker: checkerVersion(), baseUrl, report };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function jsonError(message: string, baseUrl: string): string {
  const document: JsonReport = { checker: checkerVersion(), baseUrl, report: null, error: message };
  return `${JSON.stringify(document, null, 2)}\n`;
}
