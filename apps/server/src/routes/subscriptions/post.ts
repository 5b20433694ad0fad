import { createRoute } from "@hono/zod-openapi";
import { locationOf } from "../../http/answer.js";
import type { Operations } from "../../http/operation.js";
import { AnswerFormatQuery } from "../../schemas/params.js";
import { SubscriptionCreate, SubscriptionWithSecret } from "../../schemas/subscription.js";
import { checkEndPointUrl } from "../../webhooks/endpoint-url.js";
import { bodyErrorResponses, createdHeaders, errorResponses } from "../responses.js";
import { subscriptionFields } from "./fields.js";
import { customerKeyOf, requireSubscriptions, type SubscriptionRoutes } from "./index.js";

const { 404: _, ...createErrors } = errorResponses;

export const createSubscription = createRoute({
  method: "post",
  path: "/subscriptions",
  operationId: "createSubscription",
  tags: ["Subscriptions"],
  request: {
    query: AnswerFormatQuery,
    body: { required: true, content: { "application/json": { schema: SubscriptionCreate } } },
  },
  responses: {
    201: {
      description: "The subscription that was created, with its signing secret.",
      headers: createdHeaders,
      content: { "application/json": { schema: SubscriptionWithSecret } },
    },
    // Nothing the body names must exist, so a create never answers 404.
    ...createErrors,
    ...bodyErrorResponses,
  },
});

export function registerCreateSubscription(api: Operations, deps: SubscriptionRoutes) {
  const { store, endPointUrl, resolve } = deps;
  api.add(
    createSubscription,
    subscriptionFields,
    async function createSubscriptionHandler({ body, path, caller }) {
      requireSubscriptions(store);
      await checkEndPointUrl(body.EndPointUrl, endPointUrl, resolve);
      const created = await store.createSubscription(customerKeyOf(caller), body);
      return {
        status: 201,
        body: created,
        headers: { Location: locationOf(path, created.SubscriptionNum) },
      };
    },
  );
}
