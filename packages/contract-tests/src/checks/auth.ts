import type { RunContext } from "../context.js";
import type { Contract } from "../contract.js";
import { authorizationFor } from "../http.js";
import { baseRequest, toApiRequest } from "../requests.js";
import type { Resource, Role } from "../resources.js";
import type { Operation } from "../spec.js";
import { type Check, expectRefusal } from "./common.js";

/** A key pair no deployment is expected to know. */
const UNKNOWN_KEY = "contract-check-unknown";

/**
 * For a secured operation: its valid request without the Authorization header, with a
 * malformed one and with an unknown key pair must each get a 401 and change nothing. A 429
 * the spec declares is a refusal too: a deployment that slows failed authentication per
 * client address answers so once this run has failed often enough.
 */
export function authChecks(
  contract: Contract,
  resource: Resource,
  role: Role,
  operation: Operation,
): Check[] {
  if (!operation.secured) return [];
  const header = contract.spec.authHeader;
  const variants: [string, (context: RunContext) => string | null][] = [
    [`no ${header} header`, () => null],
    // Open Dental's form is `ODFHIR {DeveloperKey}/{CustomerKey}`: this one lacks the second key.
    [`malformed ${header} header`, (context) => `ODFHIR ${context.developerKey}`],
    ["unknown key pair", () => authorizationFor(UNKNOWN_KEY, UNKNOWN_KEY)],
  ];
  return variants.map(([title, authorization]) => ({
    kind: "auth",
    operation,
    title,
    run: (context) => {
      const request = toApiRequest(operation, baseRequest(context, resource, role, operation));
      return expectRefusal(
        context,
        resource,
        operation,
        { ...request, authorization: authorization(context) },
        {
          accepts: (status) => status === 401 || (status === 429 && operation.responses.has("429")),
          says: "401 (or a declared 429 once failures are throttled)",
        },
      );
    },
  }));
}
