import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { pageOf } from "../../schemas/params.js";
import { Referral, ReferralListQuery } from "../../schemas/referral.js";
import type { Store } from "../../store/store.js";
import { answerWriter } from "../answer.js";
import { answerHeaders, errorResponses } from "../responses.js";

const { 404: _, ...listErrors } = errorResponses;

export const listReferrals = createRoute({
  method: "get",
  path: "/referrals",
  operationId: "listReferrals",
  tags: ["Referrals"],
  request: { query: ReferralListQuery },
  responses: {
    200: {
      description: "One page of referral sources.",
      headers: answerHeaders,
      content: { "application/json": { schema: z.array(Referral) } },
    },
    // No filter names a row that must exist, so a list never answers 404.
    ...listErrors,
  },
});

export function registerListReferrals(router: OpenAPIHono, store: Store) {
  router.openapi(listReferrals, async (c) => {
    const { Limit, Offset, DateFormatString, DateTimeFormatString, ...filters } =
      c.req.valid("query");
    const rows = await store.listReferrals({
      ...filters,
      ...pageOf({ Limit, Offset }, c.var.maxPageSize),
    });
    const write = answerWriter(Referral, { DateFormatString, DateTimeFormatString });
    return c.json(rows.map(write), 200);
  });
}
