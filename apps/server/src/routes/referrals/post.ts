import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { Referral, ReferralCreate } from "../../schemas/referral.js";
import type { Store } from "../../store/store.js";
import { answerWriter, locationOf } from "../answer.js";
import { bodyErrorResponses, createdHeaders, errorResponses } from "../responses.js";

export const createReferral = createRoute({
  method: "post",
  path: "/referrals",
  operationId: "createReferral",
  tags: ["Referrals"],
  request: {
    query: AnswerFormatQuery,
    body: { required: true, content: { "application/json": { schema: ReferralCreate } } },
  },
  responses: {
    201: {
      description: "The referral source that was created.",
      headers: createdHeaders,
      content: { "application/json": { schema: Referral } },
    },
    ...errorResponses,
    ...bodyErrorResponses,
  },
});

export function registerCreateReferral(router: OpenAPIHono, store: Store) {
  router.openapi(createReferral, async (c) => {
    const created = await store.createReferral(c.req.valid("json"));
    c.header("Location", locationOf(c.req.path, created.ReferralNum));
    return c.json(answerWriter(Referral, c.req.valid("query"))(created), 201);
  });
}
