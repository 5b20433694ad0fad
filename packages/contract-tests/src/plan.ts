import { authChecks } from "./checks/auth.js";
import { cleanupCheck } from "./checks/cleanup.js";
import { type Check, failure } from "./checks/common.js";
import { negativeChecks } from "./checks/negative.js";
import { positiveChecks } from "./checks/positive.js";
import { probeChecks } from "./checks/probes.js";
import type { Contract } from "./contract.js";
import type { Operation } from "./spec.js";

export interface PlanOptions {
  /** Plan no request that could write: only the spec's GET operations are checked. */
  readOnly?: boolean;
}

export interface Plan {
  /** In the order they must run: later checks work on what earlier ones created. */
  checks: Check[];
  /** Operations left out because they write and the run is read-only. */
  skipped: Operation[];
}

/**
 * Every check the spec calls for, known before any request is sent so a test runner can list
 * one test per check. The probes first, then per operation: auth checks, then negative ones (while the valid request
 * would still succeed), then the positive one; operations run list, create, update, delete.
 */
export function planChecks(contract: Contract, options: PlanOptions = {}): Plan {
  const checks: Check[] = contract.probes.flatMap((probe) => probeChecks(contract, probe));
  const skipped: Operation[] = [];
  for (const resource of contract.resources) {
    let wrote = false;
    for (const [role, operation] of resource.operations) {
      if (options.readOnly === true && operation.method !== "GET") {
        skipped.push(operation);
        continue;
      }
      wrote ||= operation.method !== "GET";
      checks.push(
        ...authChecks(contract, resource, role, operation),
        ...negativeChecks(contract, resource, role, operation),
        ...positiveChecks(contract, resource, role, operation),
      );
    }
    const last = [...resource.operations.values()].at(-1);
    if (wrote && last !== undefined) checks.push(cleanupCheck(resource, last));
  }
  for (const operation of contract.uncovered) {
    // Fails on purpose: an operation the checker cannot exercise must not pass unnoticed.
    checks.push({
      kind: "positive",
      operation,
      title: "not covered",
      run: async () => ({
        failures: [
          failure(operation, undefined, "the checker generates no checks for this operation"),
        ],
      }),
    });
  }
  return { checks, skipped };
}
