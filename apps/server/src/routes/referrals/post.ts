import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { NoQuery } from "../../schemas/params.js";
import { Referral, ReferralCreate } from "../../schemas/referral.js";
import type { Store } from "../../store/store.js";
import { bodyErrorResponses, errorResponses } from "../responses.js";

export const createReferral = createRoute({
  method: "post",
  path: "/referrals",
  operationId: "createReferral",
  tags: ["Referrals"],
  request: {
    query: NoQuery,
    body: { required: true, content: { "application/json": { schema: ReferralCreate } } },
  },
  responses: {
    201: {
      description: "The referral source that was created.",
      content: { "application/json": { schema: Referral } },
    },
    ...errorResponses,
    ...bodyErrorResponses,
  },
});

export function registerCreateReferral(router: OpenAPIHono, store: Store) {
  router.openapi(createReferral, async (c) => {
    return c.json(await store.createReferral(c.req.valid("json")), 201);
  });
}
