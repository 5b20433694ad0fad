import { createRoute } from "@hono/zod-openapi";
import type { Operations } from "../../http/operation.js";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { Referral, ReferralNumParam, ReferralUpdate } from "../../schemas/referral.js";
import { answerHeaders, bodyErrorResponses, errorResponses } from "../responses.js";
import { referralFields } from "./fields.js";
import type { ReferralRoutes } from "./index.js";

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

export function registerUpdateReferral(api: Operations, { store }: ReferralRoutes) {
  api.add(updateReferral, referralFields, async function updateReferralHandler({ params, body }) {
    return { status: 200, body: await store.updateReferral(params.ReferralNum, body) };
  });
}
