import { createRoute, z } from "@hono/zod-openapi";
import { pageOf } from "../../domain/paging.js";
import type { Operations } from "../../http/operation.js";
import { Referral, ReferralListQuery } from "../../schemas/referral.js";
import { answerHeaders, errorResponses } from "../responses.js";
import { referralFields } from "./fields.js";
import type { ReferralRoutes } from "./index.js";

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

export function registerListReferrals(api: Operations, { store, maxPageSize }: ReferralRoutes) {
  api.add(listReferrals, referralFields, async function listReferralsHandler({ query }) {
    const { limit, offset } = pageOf(query, maxPageSize);
    const { IsHidden, NotPerson, IsDoctor, BusinessName } = query;
    const filter = { IsHidden, NotPerson, IsDoctor, BusinessName, limit, offset };
    return { status: 200, body: await store.listReferrals(filter) };
  });
}
