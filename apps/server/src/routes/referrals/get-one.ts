import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { Referral, ReferralNumParam } from "../../schemas/referral.js";
import type { Store } from "../../store/store.js";
import { answerWriter } from "../answer.js";
import { answerHeaders, errorResponses } from "../responses.js";

export const getReferral = createRoute({
  method: "get",
  path: "/referrals/{ReferralNum}",
  operationId: "getReferral",
  tags: ["Referrals"],
  request: { query: AnswerFormatQuery, params: ReferralNumParam },
  responses: {
    200: {
      description: "The referral source.",
      headers: answerHeaders,
      content: { "application/json": { schema: Referral } },
    },
    ...errorResponses,
  },
});

export function registerGetReferral(router: OpenAPIHono, store: Store) {
  router.openapi(getReferral, async (c) => {
    const { ReferralNum } = c.req.valid("param");
    const write = answerWriter(Referral, c.req.valid("query"));
    return c.json(write(await store.getReferral(ReferralNum)), 200);
  });
}
