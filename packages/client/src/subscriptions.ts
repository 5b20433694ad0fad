import type {
  paths,
  Subscription,
  SubscriptionCreate,
  SubscriptionListQuery,
  SubscriptionUpdate,
  SubscriptionWithSecret,
} from "@refattaches/api-types";
import type { Client } from "openapi-fetch";
import type { CallOptions } from "./call-options.js";
import type { Exact } from "./client.js";
import { RefAttachesError } from "./errors.js";
import { type ListAllOptions, paginate } from "./paging.js";
import { dataOf } from "./results.js";

/** Options of {@link SubscriptionsApi.listAll}: those of `list`, without the paging. */
export type SubscriptionFilters = Omit<SubscriptionListQuery, "Limit" | "Offset">;

/**
 * What an update answers: the new signingSecret comes back only with `rotateSecret: "true"`,
 * so a literal `"true"`, `"false"` or no rotateSecret tells the compiler which.
 */
export type UpdatedSubscription<Changes> = "rotateSecret" extends keyof Changes
  ? [Changes[keyof Changes & "rotateSecret"]] extends ["true"]
    ? SubscriptionWithSecret
    : [Changes[keyof Changes & "rotateSecret"]] extends ["false" | undefined]
      ? Subscription
      : Subscription | SubscriptionWithSecret
  : Subscription;

/**
 * Change events: each subscription makes the server POST the changed rows of its WatchTable to
 * its EndPointUrl, signed (check them with `verifyWebhook`). A caller sees and changes only the
 * subscriptions of its own customer key.
 */
export interface SubscriptionsApi {
  /** One page of the caller's subscriptions (`GET /subscriptions`), by SubscriptionNum. */
  list(query?: SubscriptionListQuery, options?: CallOptions): Promise<Subscription[]>;
  /** All the caller's subscriptions, page after page. */
  listAll(
    query?: SubscriptionFilters,
    options?: ListAllOptions & CallOptions,
  ): AsyncGenerator<Subscription, void>;
  /**
   * Subscribes (`POST /subscriptions`). The answer's `signingSecret` is shown this once: keep it
   * to verify the deliveries.
   */
  create<Body extends SubscriptionCreate>(
    body: Exact<Body, SubscriptionCreate>,
    options?: CallOptions,
  ): Promise<SubscriptionWithSecret>;
  /**
   * Changes the given fields (`PUT /subscriptions/{SubscriptionNum}`); `IsDisabled: "false"`
   * resumes a disabled subscription, `rotateSecret: "true"` issues a new secret.
   */
  update<Changes extends SubscriptionUpdate>(
    subscriptionNum: Subscription["SubscriptionNum"],
    changes: Exact<Changes, SubscriptionUpdate>,
    options?: CallOptions,
  ): Promise<UpdatedSubscription<Changes>>;
  /** Deletes a subscription (`DELETE /subscriptions/{SubscriptionNum}`). */
  remove(subscriptionNum: Subscription["SubscriptionNum"], options?: CallOptions): Promise<void>;
}

export function createSubscriptionsApi(raw: Client<paths>): SubscriptionsApi {
  const list = (query: SubscriptionListQuery = {}, call: CallOptions = {}) =>
    dataOf("listSubscriptions", raw.GET("/subscriptions", { ...call, params: { query } }));
  const path = (SubscriptionNum: number) => ({ params: { path: { SubscriptionNum } } });
  return {
    list,
    listAll: (query = {}, { pageSize, ...call } = {}) =>
      paginate((page) => list({ ...query, ...page }, call), { pageSize }),
    create: (body, call = {}) =>
      dataOf("createSubscription", raw.POST("/subscriptions", { ...call, body })),
    // The spec answers either form; which one follows from `changes` (UpdatedSubscription).
    update: <Changes extends SubscriptionUpdate>(
      subscriptionNum: number,
      changes: Exact<Changes, SubscriptionUpdate>,
      call: CallOptions = {},
    ) =>
      dataOf(
        "updateSubscription",
        raw.PUT("/subscriptions/{SubscriptionNum}", {
          ...call,
          ...path(subscriptionNum),
          body: changes,
        }),
      ) as Promise<UpdatedSubscription<Changes>>,
    async remove(subscriptionNum, call = {}) {
      const { error, response } = await raw.DELETE("/subscriptions/{SubscriptionNum}", {
        ...call,
        ...path(subscriptionNum),
      });
      if (!response.ok) {
        throw RefAttachesError.fromResponse("deleteSubscription", response, error);
      }
    },
  };
}
