import { createRoute } from "@hono/zod-openapi";
import type { Operations } from "../../http/operation.js";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { Referral, ReferralNumParam } from "../../schemas/referral.js";
import { answerHeaders, errorResponses } from "../responses.js";
import { referralFields } from "./fields.js";
import type { ReferralRoutes } from "./index.js";

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

export function registerGetReferral(api: Operations, { store }: ReferralRoutes) {
  api.add(getReferral, referralFields, async function getReferralHandler({ params }) {
    return { status: 200, body: await store.getReferral(params.ReferralNum) };
  });
}
