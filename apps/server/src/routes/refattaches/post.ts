import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { RefAttach, RefAttachCreate } from "../../schemas/refattach.js";
import type { Store } from "../../store/store.js";
import { answerWriter, locationOf } from "../answer.js";
import { bodyErrorResponses, createdHeaders, errorResponses } from "../responses.js";

export const createRefAttach = createRoute({
  method: "post",
  path: "/refattaches",
  operationId: "createRefAttach",
  tags: ["RefAttaches"],
  request: {
    query: AnswerFormatQuery,
    body: { required: true, content: { "application/json": { schema: RefAttachCreate } } },
  },
  responses: {
    201: {
      description: "The refattach that was created.",
      headers: createdHeaders,
      content: { "application/json": { schema: RefAttach } },
    },
    ...errorResponses,
    ...bodyErrorResponses,
  },
});

export function registerCreateRefAttach(router: OpenAPIHono, store: Store) {
  router.openapi(createRefAttach, async (c) => {
    const created = await store.createRefAttach(c.req.valid("json"));
    c.header("Location", locationOf(c.req.path, created.RefAttachNum));
    return c.json(answerWriter(RefAttach, c.req.valid("query"))(created), 201);
  });
}
