import { messages, RuleError } from "../../domain/errors.js";
import type { ApiKeyPair } from "../../http/auth.js";
import type { Operations } from "../../http/operation.js";
import type { Store } from "../../store/store.js";
import type { EndPointUrlRules, Resolve } from "../../webhooks/endpoint-url.js";
import { registerDeleteSubscription } from "./delete.js";
import { registerListSubscriptions } from "./get.js";
import { registerCreateSubscription } from "./post.js";
import { registerUpdateSubscription } from "./put.js";
import { registerDeliveries } from "./webhooks.js";

/** What the subscription operations need, fixed for the deployment when they are registered. */
export interface SubscriptionRoutes {
  store: Store;
  /** The largest Limit a list GET accepts (MAX_PAGE_SIZE). */
  maxPageSize: number;
  /** NODE_ENV and WEBHOOK_ALLOW_PRIVATE_URLS, for the EndPointUrl rules. */
  endPointUrl: EndPointUrlRules;
  /** How an EndPointUrl's host name is resolved; default: the system's resolver. */
  resolve?: Resolve;
}

/**
 * Subscriptions are off on a database without the change-event tables (store/mysql): say so
 * before anything else is checked (an EndPointUrl's host would be resolved for nothing).
 */
export function requireSubscriptions(store: Store): void {
  if (store.changeEvents === undefined) {
    throw new RuleError("Unavailable", messages.subscriptionsNotSetUp);
  }
}

/** The caller's CustomerKey: subscriptions belong to it, never to a key in the body. */
export function customerKeyOf(caller: ApiKeyPair | undefined): string {
  // Every API route checks the key first (http/pipeline.ts): there is always a caller here.
  if (caller === undefined) throw new Error("A subscription route ran without a caller");
  return caller.customerKey;
}

export function registerSubscriptions(api: Operations, deps: SubscriptionRoutes): void {
  registerListSubscriptions(api, deps);
  registerCreateSubscription(api, deps);
  registerUpdateSubscription(api, deps);
  registerDeleteSubscription(api, deps);
  registerDeliveries(api.registry);
}
