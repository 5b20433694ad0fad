import type { Contract } from "../contract.js";
import type { Resource } from "../resources.js";
import type { Operation } from "../spec.js";
import type { Check } from "./common.js";
import { negativeChecks } from "./negative.js";
import { positiveChecks } from "./positive.js";

/**
 * A probe (a GET outside the API's base path, such as health or readiness) is checked like a
 * list of a resource of its own: a valid request gets the declared 2xx, an invalid one a
 * declared 4xx. It has no data to compare, so its resource lists nothing.
 */
export function probeChecks(contract: Contract, operation: Operation): Check[] {
  const resource: Resource = { collectionPath: operation.path, operations: new Map() };
  return [
    ...negativeChecks(contract, resource, "list", operation),
    ...positiveChecks(contract, resource, "list", operation),
  ];
}
