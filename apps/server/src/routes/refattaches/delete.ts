import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { NoQuery } from "../../schemas/params.js";
import { RefAttachNumParam } from "../../schemas/refattach.js";
import type { Store } from "../../store/store.js";
import { answerHeaders, errorResponses } from "../responses.js";

export const deleteRefAttach = createRoute({
  method: "delete",
  path: "/refattaches/{RefAttachNum}",
  operationId: "deleteRefAttach",
  tags: ["RefAttaches"],
  request: { query: NoQuery, params: RefAttachNumParam },
  responses: {
    200: { description: "Deleted. The response has no body.", headers: answerHeaders },
    ...errorResponses,
  },
});

export function registerDeleteRefAttach(router: OpenAPIHono, store: Store) {
  router.openapi(deleteRefAttach, async (c) => {
    const { RefAttachNum } = c.req.valid("param");
    await store.deleteRefAttach(RefAttachNum);
    return c.body(null, 200);
  });
}
