import { createRoute } from "@hono/zod-openapi";
import { messages, RuleError } from "../../domain/errors.js";
import type { Operations } from "../../http/operation.js";
import { NoQuery } from "../../schemas/params.js";
import { Ready } from "../../schemas/probe.js";
import type { Store } from "../../store/store.js";
import { errorResponses } from "../responses.js";

/** Readiness: one database round trip, so a balancer stops sending traffic while it fails. */
export const getReady = createRoute({
  method: "get",
  path: "/ready",
  operationId: "getReady",
  tags: ["Probes"],
  security: [],
  request: { query: NoQuery },
  responses: {
    200: {
      description: "The database answered.",
      content: { "application/json": { schema: Ready } },
    },
    400: errorResponses[400],
    503: errorResponses[503],
  },
});

/** Why the store is not ready, or undefined when its ping came back within `timeoutMs`. */
async function notReadyReason(store: Store, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  // A database that stalls instead of refusing must not hold the probe past its own deadline.
  const tooSlow = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(messages.databaseTooSlow(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([store.ping().then(() => undefined), tooSlow]);
  } catch (error) {
    // A backend's own explanation (RuleError) is safe to show; anything else may quote values.
    return error instanceof RuleError ? error.message : messages.databaseUnavailable;
  } finally {
    clearTimeout(timer);
  }
}

export function registerReady(probes: Operations, store: Store, timeoutMs: number) {
  probes.add(getReady, undefined, async function ready() {
    const reason = await notReadyReason(store, timeoutMs);
    if (reason !== undefined) throw new RuleError("Unavailable", reason);
    return { status: 200, body: { status: "ready" as const } };
  });
}
