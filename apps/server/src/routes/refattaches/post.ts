import { createRoute } from "@hono/zod-openapi";
import { locationOf } from "../../http/answer.js";
import type { Operations } from "../../http/operation.js";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { RefAttach, RefAttachCreate } from "../../schemas/refattach.js";
import { bodyErrorResponses, createdHeaders, errorResponses } from "../responses.js";
import { refAttachFields } from "./fields.js";
import type { RefAttachRoutes } from "./index.js";

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

export function registerCreateRefAttach(api: Operations, { store }: RefAttachRoutes) {
  api.add(createRefAttach, refAttachFields, async function createRefAttachHandler({ body, path }) {
    const created = await store.createRefAttach(body);
    return {
      status: 201,
      body: created,
      headers: { Location: locationOf(path, created.RefAttachNum) },
    };
  });
}
