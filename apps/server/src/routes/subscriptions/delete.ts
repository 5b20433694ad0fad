import { createRoute } from "@hono/zod-openapi";
import type { Operations } from "../../http/operation.js";
import { NoQuery } from "../../schemas/params.js";
import { SubscriptionNumParam } from "../../schemas/subscription.js";
import { answerHeaders, errorResponses } from "../responses.js";
import { customerKeyOf, type SubscriptionRoutes } from "./index.js";

export const deleteSubscription = createRoute({
  method: "delete",
  path: "/subscriptions/{SubscriptionNum}",
  operationId: "deleteSubscription",
  tags: ["Subscriptions"],
  request: { query: NoQuery, params: SubscriptionNumParam },
  responses: {
    200: { description: "Deleted. The response has no body.", headers: answerHeaders },
    ...errorResponses,
  },
});

export function registerDeleteSubscription(api: Operations, { store }: SubscriptionRoutes) {
  api.add(
    deleteSubscription,
    undefined,
    async function deleteSubscriptionHandler({ params, caller }) {
      await store.deleteSubscription(customerKeyOf(caller), params.SubscriptionNum);
      return { status: 200, body: null };
    },
  );
}
