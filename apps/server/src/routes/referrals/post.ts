import { createRoute } from "@hono/zod-openapi";
import { locationOf } from "../../http/answer.js";
import type { Operations } from "../../http/operation.js";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { Referral, ReferralCreate } from "../../schemas/referral.js";
import { bodyErrorResponses, createdHeaders, errorResponses } from "../responses.js";
import { referralFields } from "./fields.js";
import type { ReferralRoutes } from "./index.js";

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

export function registerCreateReferral(api: Operations, { store }: ReferralRoutes) {
  api.add(createReferral, referralFields, async function createReferralHandler({ body, path }) {
    const created = await store.createReferral(body);
    return {
      status: 201,
      body: created,
      headers: { Location: locationOf(path, created.ReferralNum) },
    };
  });
}
