import { authChecks } from "./checks/auth.js";
import { cleanupCheck } from "./checks/cleanup.js";
import { type Check, failure } from "./checks/common.js";
import { negativeChecks } from "./checks/negative.js";
import { positiveChecks } from "./checks/positive.js";
import { probeChecks } from "./checks/probes.js";
import type { Contract } from "./contract.js";
import type { Skip } from "./deliveries.js";
import type { Operation } from "./spec.js";

export interface PlanOptions {
  /** Plan no request that could write: only the spec's GET operations are checked. */
  readOnly?: boolean;
  /** Operations this deployment cannot have checked, with the reason (deliveries.ts). */
  skip?: readonly Skip[];
}

export interface SkippedOperation {
  operation: Operation;
  /** Why, as the report says it: "read-only", or what the deployment refused. */
  reason: string;
}

export interface Plan {
  /** In the order they must run: later checks work on what earlier ones created. */
  checks: Check[];
  /** Operations left out: writes of a read-only run, and what `skip` names. */
  skipped: SkippedOperation[];
}

/** The reason the report gives for writes left out of a read-only run. */
export const READ_ONLY = "read-only";

/**
 * Every check the spec calls for, known before any request is sent so a test runner can list
 * one test per check. The probes first, then per operation: auth checks, then negative ones (while the valid request
 * would still succeed), then the positive one; operations run list, create, update, delete.
 */
export function planChecks(contract: Contract, options: PlanOptions = {}): Plan {
  const checks: Check[] = contract.probes.flatMap((probe) => probeChecks(contract, probe));
  const skipped: SkippedOperation[] = [];
  const skipReason = (operation: Operation): string | undefined => {
    if (options.readOnly === true && operation.method !== "GET") return READ_ONLY;
    return options.skip?.find((skip) => skip.operations.includes(operation))?.reason;
  };
  for (const resource of contract.resources) {
    let wrote = false;
    for (const [role, operation] of resource.operations) {
      const reason = skipReason(operation);
      if (reason !== undefined) {
        skipped.push({ operation, reason });
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
