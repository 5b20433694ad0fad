import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { pageOf } from "../../schemas/params.js";
import { RefAttach, RefAttachListQuery } from "../../schemas/refattach.js";
import type { Store } from "../../store/store.js";
import { answerWriter } from "../answer.js";
import { answerHeaders, errorResponses } from "../responses.js";

export const listRefAttaches = createRoute({
  method: "get",
  path: "/refattaches",
  operationId: "listRefAttaches",
  tags: ["RefAttaches"],
  request: { query: RefAttachListQuery },
  responses: {
    200: {
      description: "One page of refattaches.",
      headers: answerHeaders,
      content: { "application/json": { schema: z.array(RefAttach) } },
    },
    ...errorResponses,
  },
});

export function registerListRefAttaches(router: OpenAPIHono, store: Store) {
  router.openapi(listRefAttaches, async (c) => {
    const { Limit, Offset, DateFormatString, DateTimeFormatString, ...filters } =
      c.req.valid("query");
    const rows = await store.listRefAttaches({
      ...filters,
      ...pageOf({ Limit, Offset }, c.var.maxPageSize),
    });
    const write = answerWriter(RefAttach, { DateFormatString, DateTimeFormatString });
    return c.json(rows.map(write), 200);
  });
}
