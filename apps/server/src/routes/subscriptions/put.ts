import { createRoute } from "@hono/zod-openapi";
import type { Operations } from "../../http/operation.js";
import { AnswerFormatQuery } from "../../schemas/params.js";
import {
  SubscriptionNumParam,
  SubscriptionUpdate,
  UpdatedSubscription,
} from "../../schemas/subscription.js";
import { checkEndPointUrl } from "../../webhooks/endpoint-url.js";
import { answerHeaders, bodyErrorResponses, errorResponses } from "../responses.js";
import { subscriptionFields } from "./fields.js";
import { customerKeyOf, requireSubscriptions, type SubscriptionRoutes } from "./index.js";

export const updateSubscription = createRoute({
  method: "put",
  path: "/subscriptions/{SubscriptionNum}",
  operationId: "updateSubscription",
  tags: ["Subscriptions"],
  request: {
    query: AnswerFormatQuery,
    params: SubscriptionNumParam,
    body: { required: true, content: { "application/json": { schema: SubscriptionUpdate } } },
  },
  responses: {
    200: {
      description: "The subscription after the update; with a rotated secret, also the new one.",
      headers: answerHeaders,
      content: { "application/json": { schema: UpdatedSubscription } },
    },
    ...errorResponses,
    ...bodyErrorResponses,
  },
});

export function registerUpdateSubscription(api: Operations, deps: SubscriptionRoutes) {
  const { store, endPointUrl, resolve } = deps;
  api.add(
    updateSubscription,
    subscriptionFields,
    async function updateSubscriptionHandler({ params, body, caller }) {
      const customerKey = customerKeyOf(caller);
      requireSubscriptions(store);
      if (body.EndPointUrl !== undefined) {
        await checkEndPointUrl(body.EndPointUrl, endPointUrl, resolve);
      }
      return {
        status: 200,
        body: await store.updateSubscription(customerKey, params.SubscriptionNum, body),
      };
    },
  );
}
