import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { Referral, ReferralNumParam, ReferralUpdate } from "../../schemas/referral.js";
import type { Store } from "../../store/store.js";
import { answerWriter } from "../answer.js";
import { answerHeaders, bodyErrorResponses, errorResponses } from "../responses.js";

export const updateReferral = createRoute({
  method: "put",
  path: "/referrals/{ReferralNum}",
  operationId: "updateReferral",
  tags: ["Referrals"],
  request: {
    query: AnswerFormatQuery,
    params: ReferralNumParam,
    body: { required: true, content: { "application/json": { schema: ReferralUpdate } } },
  },
  responses: {
    200: {
      description: "The referral source after the update.",
      headers: answerHeaders,
      content: { "application/json": { schema: Referral } },
    },
    ...errorResponses,
    ...bodyErrorResponses,
  },
});

export function registerUpdateReferral(router: OpenAPIHono, store: Store) {
  router.openapi(updateReferral, async (c) => {
    const { ReferralNum } = c.req.valid("param");
    const updated = await store.updateReferral(ReferralNum, c.req.valid("json"));
    return c.json(answerWriter(Referral, c.req.valid("query"))(updated), 200);
  });
}
