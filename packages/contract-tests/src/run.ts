import type { Check, CheckKind } from "./checks/common.js";
import { deleteAllCreated, describeOperation } from "./checks/common.js";
import { createRunContext, type RunContext, type RunOptions } from "./context.js";
import { loadContract } from "./contract.js";
import { prepareDeliveries } from "./deliveries.js";
import { planChecks } from "./plan.js";
import { preflight } from "./preflight.js";
import type { JsonValue } from "./spec.js";

export interface CheckResult {
  kind: CheckKind;
  operationId: string;
  method: string;
  path: string;
  title: string;
  passed: boolean;
  status?: number;
  explanation?: string;
  note?: string;
  failures: string[];
  durationMs: number;
}

export async function runCheck(context: RunContext, check: Check): Promise<CheckResult> {
  const started = performance.now();
  let outcome: Awaited<ReturnType<Check["run"]>>;
  try {
    outcome = await check.run(context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome = { failures: [`${describeOperation(check.operation)}: ${message}`] };
  }
  const { operationId, method, path } = check.operation;
  return {
    kind: check.kind,
    operationId,
    method,
    path,
    title: check.title,
    passed: outcome.failures.length === 0,
    status: outcome.status,
    explanation: outcome.explanation,
    note: outcome.note,
    failures: outcome.failures,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Deletes whatever the run created and still holds; returns what it could not delete. */
export async function cleanUp(context: RunContext): Promise<JsonValue[]> {
  const left: JsonValue[] = [];
  for (const resource of context.contract.resources) {
    left.push(...(await deleteAllCreated(context, resource)));
  }
  return left;
}

export interface ContractRunOptions extends RunOptions {
  /** The OpenAPI 3.1 document, a path or an http(s) URL; default: the bundled `openapi.yaml`. */
  specPath?: string;
  /** Send no request that could write (POST, PUT, PATCH, DELETE). */
  readOnly?: boolean;
  /** Called as each check finishes, to report progress. */
  onResult?: (result: CheckResult) => void;
}

export interface ContractReport {
  specPath: string;
  results: CheckResult[];
  passed: number;
  failed: number;
  /** `operationId METHOD path` of operations left out (`readOnly`, or refused deliveries). */
  skipped: string[];
  /** Why each skipped operation was left out, by its `operationId METHOD path`. */
  skippedReasons: Record<string, string>;
  durationMs: number;
}

/**
 * Loads the spec, checks the deployment at `options.baseUrl` against it, and cleans up. Throws
 * when the spec cannot be read, and a {@link PreflightError} when the server is unreachable,
 * refuses the key or answers 404 at the base URL.
 */
export async function runContractChecks(options: ContractRunOptions): Promise<ContractReport> {
  const started = performance.now();
  const contract = await loadContract(options.specPath);
  const context = createRunContext(contract, options);
  // One clear error for a wrong URL or key instead of hundreds of failed checks.
  await preflight(context, options.baseUrl);
  const deliveries = options.readOnly
    ? { skip: [], close: async () => {} }
    : await prepareDeliveries(context);
  const plan = planChecks(contract, { readOnly: options.readOnly, skip: deliveries.skip });
  const results: CheckResult[] = [];
  try {
    for (const check of plan.checks) {
      const result = await runCheck(context, check);
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    // The plan ends with cleanup checks; this catches a run that was cut short.
    await cleanUp(context);
    await deliveries.close();
  }
  const passed = results.filter((r) => r.passed).length;
  return {
    specPath: contract.spec.path,
    results,
    passed,
    failed: results.length - passed,
    skipped: plan.skipped.map(({ operation }) => describeOperation(operation)),
    skippedReasons: Object.fromEntries(
      plan.skipped.map(({ operation, reason }) => [describeOperation(operation), reason]),
    ),
    durationMs: Math.round(performance.now() - started),
  };
}
