import { createRoute } from "@hono/zod-openapi";
import type { Operations } from "../../http/operation.js";
import { NoQuery } from "../../schemas/params.js";
import { RefAttachNumParam } from "../../schemas/refattach.js";
import { answerHeaders, errorResponses } from "../responses.js";
import type { RefAttachRoutes } from "./index.js";

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

export function registerDeleteRefAttach(api: Operations, { store }: RefAttachRoutes) {
  api.add(deleteRefAttach, undefined, async function deleteRefAttachHandler({ params }) {
    await store.deleteRefAttach(params.RefAttachNum);
    return { status: 200, body: null };
  });
}
