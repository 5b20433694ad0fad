import { createRoute, z } from "@hono/zod-openapi";
import { pageOf } from "../../domain/paging.js";
import type { Operations } from "../../http/operation.js";
import { Subscription, SubscriptionListQuery } from "../../schemas/subscription.js";
import { answerHeaders, errorResponses } from "../responses.js";
import { subscriptionFields } from "./fields.js";
import { customerKeyOf, type SubscriptionRoutes } from "./index.js";

const { 404: _, ...listErrors } = errorResponses;

export const listSubscriptions = createRoute({
  method: "get",
  path: "/subscriptions",
  operationId: "listSubscriptions",
  tags: ["Subscriptions"],
  request: { query: SubscriptionListQuery },
  responses: {
    200: {
      description: "One page of the caller's subscriptions.",
      headers: answerHeaders,
      content: { "application/json": { schema: z.array(Subscription) } },
    },
    // A list of one's own subscriptions is empty rather than not found.
    ...listErrors,
  },
});

export function registerListSubscriptions(
  api: Operations,
  { store, maxPageSize }: SubscriptionRoutes,
) {
  api.add(
    listSubscriptions,
    subscriptionFields,
    async function listSubscriptionsHandler({ query, caller }) {
      const page = pageOf(query, maxPageSize);
      return {
        status: 200,
        body: await store.listSubscriptions(customerKeyOf(caller), page),
      };
    },
  );
}
