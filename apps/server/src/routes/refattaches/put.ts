import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { RefAttach, RefAttachNumParam, RefAttachUpdate } from "../../schemas/refattach.js";
import type { Store } from "../../store/store.js";
import { answerWriter } from "../answer.js";
import { answerHeaders, bodyErrorResponses, errorResponses } from "../responses.js";

export const updateRefAttach = createRoute({
  method: "put",
  path: "/refattaches/{RefAttachNum}",
  operationId: "updateRefAttach",
  tags: ["RefAttaches"],
  request: {
    query: AnswerFormatQuery,
    params: RefAttachNumParam,
    body: { required: true, content: { "application/json": { schema: RefAttachUpdate } } },
  },
  responses: {
    200: {
      description: "The refattach after the update.",
      headers: answerHeaders,
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
    return c.json(answerWriter(RefAttach, c.req.valid("query"))(updated), 200);
  });
}
