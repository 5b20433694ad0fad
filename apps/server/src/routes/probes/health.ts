import { createRoute } from "@hono/zod-openapi";
import type { Operations } from "../../http/operation.js";
import { NoQuery } from "../../schemas/params.js";
import { Health } from "../../schemas/probe.js";
import { errorResponses } from "../responses.js";

/** Liveness: answers while the process can serve HTTP at all; never touches the database. */
export const getHealth = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["Probes"],
  security: [],
  request: { query: NoQuery },
  responses: {
    200: {
      description: "The process is up.",
      content: { "application/json": { schema: Health } },
    },
    400: errorResponses[400],
  },
});

export function registerHealth(probes: Operations) {
  probes.add(getHealth, undefined, function health() {
    return { status: 200, body: { status: "ok" as const } };
  });
}
