import { createRoute, z } from "@hono/zod-openapi";
import { pageOf } from "../../domain/paging.js";
import type { Operations } from "../../http/operation.js";
import { RefAttach, RefAttachListQuery } from "../../schemas/refattach.js";
import { answerHeaders, errorResponses } from "../responses.js";
import { refAttachFields } from "./fields.js";
import type { RefAttachRoutes } from "./index.js";

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

export function registerListRefAttaches(api: Operations, { store, maxPageSize }: RefAttachRoutes) {
  api.add(listRefAttaches, refAttachFields, async function listRefAttachesHandler({ query }) {
    const { limit, offset } = pageOf(query, maxPageSize);
    const { PatNum, ReferralNum, DateTStamp } = query;
    const rows = await store.listRefAttaches({ PatNum, ReferralNum, DateTStamp, limit, offset });
    return { status: 200, body: rows };
  });
}
