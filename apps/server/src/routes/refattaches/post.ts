import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { NoQuery } from "../../schemas/params.js";
import { RefAttach, RefAttachCreate } from "../../schemas/refattach.js";
import type { Store } from "../../store/store.js";
import { bodyErrorResponses, errorResponses } from "../responses.js";

export const createRefAttach = createRoute({
  method: "post",
  path: "/refattaches",
  operationId: "createRefAttach",
  tags: ["RefAttaches"],
  request: {
    query: NoQuery,
    body: { required: true, content: { "application/json": { schema: RefAttachCreate } } },
  },
  responses: {
    201: {
      description: "The refattach that was created.",
      content: { "application/json": { schema: RefAttach } },
    },
    ...errorResponses,
    ...bodyErrorResponses,
  },
});

export function registerCreateRefAttach(router: OpenAPIHono, store: Store) {
  router.openapi(createRefAttach, async (c) => {
    const created = await store.createRefAttach(c.req.valid("json"));
    return c.json(created, 201);
  });
}
