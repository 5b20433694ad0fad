// The deliveries a subscription receives, as the spec's `webhooks` section describes them:
// requests this server sends, not operations it serves, so they are only documented (the
// generated document is compared with the spec in openapi.test.ts). What is sent: events/.
import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { type RouteConfig, z } from "@hono/zod-openapi";
import type { WatchTable } from "@refattaches/api-types";
import { BATCH_ROWS } from "../../events/batch.js";
import { RefAttach } from "../../schemas/refattach.js";
import { Referral } from "../../schemas/referral.js";
import { RefAttachDeleted } from "../../schemas/subscription.js";

const ROWS: Record<WatchTable, { schema: z.ZodType; operationId: string; summary: string }> = {
  RefAttach: {
    schema: RefAttach,
    operationId: "deliverRefAttaches",
    summary: "Refattaches that were created or changed",
  },
  RefAttachDeleted: {
    schema: RefAttachDeleted,
    operationId: "deliverRefAttachDeletions",
    summary: "Refattaches that were deleted",
  },
  Referral: {
    schema: Referral,
    operationId: "deliverReferrals",
    summary: "Referral sources that were created or changed",
  },
};

const headers = (table: WatchTable) =>
  z.object({
    "webhook-id": z.string().regex(/^msg_[A-Za-z0-9_-]+$/),
    "webhook-timestamp": z.string().regex(/^\d+$/),
    "webhook-signature": z.string().regex(/^v1,[A-Za-z0-9+/]+={0,2}( v1,[A-Za-z0-9+/]+={0,2})*$/),
    "Event-Type": z.enum([`WatchTable: ${table}`]),
  });

const retryAfter = {
  "Retry-After": {
    description: "Seconds or an HTTP date: the next attempt waits at least this long.",
    required: false,
    schema: { type: "string" as const },
  },
};

function delivery(table: WatchTable): RouteConfig {
  const { schema, operationId, summary } = ROWS[table];
  return {
    method: "post",
    path: table,
    operationId,
    tags: ["Subscriptions"],
    summary,
    security: [],
    request: {
      headers: headers(table),
      body: {
        required: true,
        content: {
          "application/json": { schema: z.array(schema).min(1).max(BATCH_ROWS) },
        },
      },
    },
    responses: {
      "2XX": { description: "Received." },
      "3XX": { description: "Redirects are not followed: a failure." },
      "410": { description: "Gone: the subscription is disabled." },
      "4XX": { description: "A failure, retried.", headers: retryAfter },
      "5XX": { description: "A failure, retried.", headers: retryAfter },
    },
  };
}

/** Documents each WatchTable's delivery under the registry's `webhooks`. */
export function registerDeliveries(registry: OpenAPIRegistry): void {
  for (const table of Object.keys(ROWS) as WatchTable[]) registry.registerWebhook(delivery(table));
}
