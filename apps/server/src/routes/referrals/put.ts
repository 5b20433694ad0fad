import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { NoQuery } from "../../schemas/params.js";
import { Referral, ReferralNumParam, ReferralUpdate } from "../../schemas/referral.js";
import type { Store } from "../../store/store.js";
import { bodyErrorResponses, errorResponses } from "../responses.js";

export const updateReferral = createRoute({
  method: "put",
  path: "/referrals/{ReferralNum}",
  operationId: "updateReferral",
  tags: ["Referrals"],
  request: {
    query: NoQuery,
    params: ReferralNumParam,
    body: { required: true, content: { "application/json": { schema: ReferralUpdate } } },
  },
  responses: {
    200: {
      description: "The referral source after the update.",
      content: { "application/json": { schema: Referral } },
    },
    ...errorResponses,
    ...bodyErrorResponses,
  },
});

export function registerUpdateReferral(router: OpenAPIHono, store: Store) {
  router.openapi(updateReferral, async (c) => {
    const { ReferralNum } = c.req.valid("param");
    return c.json(await store.updateReferral(ReferralNum, c.req.valid("json")), 200);
  });
}
