import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { NoQuery } from "../../schemas/params.js";
import { Referral, ReferralNumParam } from "../../schemas/referral.js";
import type { Store } from "../../store/store.js";
import { errorResponses } from "../responses.js";

export const getReferral = createRoute({
  method: "get",
  path: "/referrals/{ReferralNum}",
  operationId: "getReferral",
  tags: ["Referrals"],
  request: { query: NoQuery, params: ReferralNumParam },
  responses: {
    200: {
      description: "The referral source.",
      content: { "application/json": { schema: Referral } },
    },
    ...errorResponses,
  },
});

export function registerGetReferral(router: OpenAPIHono, store: Store) {
  router.openapi(getReferral, async (c) => {
    const { ReferralNum } = c.req.valid("param");
    return c.json(await store.getReferral(ReferralNum), 200);
  });
}
