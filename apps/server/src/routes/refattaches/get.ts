import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { pageOf } from "../../schemas/params.js";
import { RefAttach, RefAttachListQuery } from "../../schemas/refattach.js";
import type { Store } from "../../store/store.js";
import { errorResponses } from "../responses.js";

export const listRefAttaches = createRoute({
  method: "get",
  path: "/refattaches",
  operationId: "listRefAttaches",
  tags: ["RefAttaches"],
  request: { query: RefAttachListQuery },
  responses: {
    200: {
      description: "One page of refattaches.",
      content: { "application/json": { schema: z.array(RefAttach) } },
    },
    ...errorResponses,
  },
});

export function registerListRefAttaches(router: OpenAPIHono, store: Store) {
  router.openapi(listRefAttaches, async (c) => {
    const { Limit, Offset, ...filters } = c.req.valid("query");
    const rows = await store.listRefAttaches({
      ...filters,
      ...pageOf({ Limit, Offset }),
    });
    return c.json(rows, 200);
  });
}
