import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { NoQuery } from "../../schemas/params.js";
import { RefAttach, RefAttachNumParam, RefAttachUpdate } from "../../schemas/refattach.js";
import type { Store } from "../../store/store.js";
import { bodyErrorResponses, errorResponses } from "../responses.js";

export const updateRefAttach = createRoute({
  method: "put",
  path: "/refattaches/{RefAttachNum}",
  operationId: "updateRefAttach",
  tags: ["RefAttaches"],
  request: {
    query: NoQuery,
    params: RefAttachNumParam,
    body: { required: true, content: { "application/json": { schema: RefAttachUpdate } } },
  },
  responses: {
    200: {
      description: "The refattach after the update.",
      content: { "application/json": { schema: RefAttach } },
    },
    ...errorResponses,
    ...bodyErrorResponses,
  },
});

export function registerUpdateRefAttach(router: OpenAPIHono, store: Store) {
  router.openapi(updateRefAttach, async (c) => {
    const { RefAttachNum } = c.req.valid("param");
    const updated = await store.updateRefAttach(RefAttachNum, c.req.valid("json"));
    return c.json(updated, 200);
  });
}
