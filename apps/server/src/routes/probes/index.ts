// Probes for load balancers and orchestrators, at the server's root beside the API (not
// under /api/v1) and without authentication, as they are usually configured. Like every
// operation, they reject unknown query parameters.
import type { Operations } from "../../http/operation.js";
import type { Store } from "../../store/store.js";
import { registerHealth } from "./health.js";
import { registerReady } from "./ready.js";

/** How long GET /ready waits for the database before answering 503. */
export const DEFAULT_READY_TIMEOUT_MS = 2000;

export function registerProbes(
  probes: Operations,
  store: Store,
  readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS,
): void {
  registerHealth(probes);
  registerReady(probes, store, readyTimeoutMs);
}
