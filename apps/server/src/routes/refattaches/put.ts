import { createRoute } from "@hono/zod-openapi";
import type { Operations } from "../../http/operation.js";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { RefAttach, RefAttachNumParam, RefAttachUpdate } from "../../schemas/refattach.js";
import { answerHeaders, bodyErrorResponses, errorResponses } from "../responses.js";
import { refAttachFields } from "./fields.js";
import type { RefAttachRoutes } from "./index.js";

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

export function registerUpdateRefAttach(api: Operations, { store }: RefAttachRoutes) {
  api.add(
    updateRefAttach,
    refAttachFields,
    async function updateRefAttachHandler({ params, body }) {
      return { status: 200, body: await store.updateRefAttach(params.RefAttachNum, body) };
    },
  );
}
