// One delivery of one subscription: its pending batch again, or its next batch (persisted as
// pending, with a new webhook-id, before the first attempt, so every retry sends the same rows
// under the same id, even after a crash); then the outcome recorded. After a 2xx the cursor
// moves past the batch and DateTimeStart to its last row's DateTStamp; after a failure, the
// retry schedule (webhooks/retry-schedule.ts) says when to try again, or to give up. Every
// update is made only if the batch is still the one sent: a PUT or DELETE meanwhile wins.
import type { Updateable } from "kysely";
import { formatLocalDateTime } from "../domain/dates.js";
import type { Logger } from "../logger.js";
import type { WebhookSubscriptionTable } from "../store/schema.js";
import type { ChangeEventsAccess } from "../store/store.js";
import type { Resolve } from "../webhooks/endpoint-url.js";
import { afterFailure } from "../webhooks/retry-schedule.js";
import { type SendOptions, sendDelivery } from "../webhooks/send.js";
import {
  type BatchEvent,
  batchBody,
  eventsFor,
  lastSeqOfTable,
  newWebhookId,
  type SubscriptionRow,
} from "./batch.js";
import type { DeliveryTuning } from "./tuning.js";

export interface DelivererOptions {
  logger: Logger;
  /** NODE_ENV is production: https:// only. */
  production: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_URLS. */
  allowPrivateUrls: boolean;
  tuning: Pick<DeliveryTuning, "deadlineMs" | "retryDelaysMs">;
  now: () => Date;
  random: () => number;
  resolve?: Resolve;
}

interface Batch {
  id: string;
  events: BatchEvent[];
}

export class Deliverer {
  constructor(
    private readonly access: ChangeEventsAccess,
    private readonly options: DelivererOptions,
  ) {}

  /** Whether the subscription may send now (its retry wait or PollingSeconds has passed). */
  isDue(subscription: SubscriptionRow): boolean {
    return Number(subscription.NextAttemptAt) <= this.options.now().getTime();
  }

  /**
   * Sends the subscription's due batch, if it has one; `signal` stops it with the server.
   * Works from the subscription as stored now, not as a pass read it earlier (a delivery of it
   * may have finished since). Resolves to `sent` (an attempt was made), `nothing` (no event to
   * send) or `waiting` (not due, disabled or deleted).
   */
  async deliver(
    subscriptionNum: number,
    signal: AbortSignal,
  ): Promise<"sent" | "nothing" | "waiting"> {
    const subscription = await this.access.db
      .selectFrom("webhooksubscription")
      .selectAll()
      .where("SubscriptionNum", "=", subscriptionNum)
      .executeTakeFirst();
    if (!subscription || Number(subscription.IsDisabled) !== 0 || !this.isDue(subscription)) {
      return "waiting";
    }
    const batch = await this.batchOf(subscription);
    if (batch === undefined) return "nothing";
    const { now, logger } = this.options;
    const started = now();
    const secrets = [subscription.SigningSecret];
    if (
      subscription.PreviousSecret !== "" &&
      Number(subscription.PreviousSecretUntil) > started.getTime()
    ) {
      secrets.push(subscription.PreviousSecret);
    }
    const sendOptions: SendOptions = {
      production: this.options.production,
      allowPrivate: this.options.allowPrivateUrls,
      deadlineMs: this.options.tuning.deadlineMs,
      now,
      signal,
      ...(this.options.resolve && { resolve: this.options.resolve }),
    };
    const outcome = await sendDelivery(
      {
        endPointUrl: subscription.EndPointUrl,
        secrets,
        webhookId: batch.id,
        watchTable: subscription.WatchTable,
        body: batchBody(batch.events),
      },
      sendOptions,
    );
    // Stopped with the server: the batch stays pending, and is sent again after the restart.
    if (signal.aborted) return "sent";
    const log = { subscription: Number(subscription.SubscriptionNum), rows: batch.events.length };
    const pollAfter = started.getTime() + Number(subscription.PollingSeconds) * 1000;
    if (outcome.ok) {
      await this.settle(subscription, batch.id, {
        CursorSeq: batch.events.at(-1)?.Seq ?? Number(subscription.CursorSeq),
        DateTimeStart: batch.events.at(-1)?.DateTStamp ?? subscription.DateTimeStart,
        PendingId: "",
        PendingFirstSeq: 0,
        PendingLastSeq: 0,
        SubsequentFailures: 0,
        FirstFailureAt: 0,
        FailureReason: "",
        NextAttemptAt: pollAfter,
      });
      logger.info({ ...log, status: outcome.status }, "delivered");
      return "sent";
    }
    const failedAt = now();
    const attempt = Number(subscription.SubsequentFailures) + 1;
    const firstFailureAt =
      Number(subscription.FirstFailureAt) > 0
        ? new Date(Number(subscription.FirstFailureAt))
        : failedAt;
    const next = afterFailure(
      {
        attempt,
        now: failedAt,
        firstFailureAt,
        status: outcome.status,
        retryAfter: outcome.retryAfter,
        reason: outcome.reason,
      },
      this.options.random,
      this.options.tuning.retryDelaysMs,
    );
    await this.settle(subscription, batch.id, {
      SubsequentFailures: attempt,
      FirstFailureAt: firstFailureAt.getTime(),
      DateTimeLastFailure: formatLocalDateTime(failedAt),
      FailureReason: next.action === "disable" ? next.reason : outcome.reason,
      ...(next.action === "disable"
        ? { IsDisabled: 1 }
        : { NextAttemptAt: Math.max(next.at.getTime(), pollAfter) }),
    });
    const failure = { ...log, attempt, status: outcome.status, reason: outcome.reason };
    if (next.action === "disable") logger.warn(failure, "delivery failed; subscription disabled");
    else logger.warn({ ...failure, retryAt: next.at.toISOString() }, "delivery failed; will retry");
    return "sent";
  }

  /** The pending batch, or a new one made pending; undefined when there is nothing to send. */
  private async batchOf(subscription: SubscriptionRow): Promise<Batch | undefined> {
    const { db } = this.access;
    const cursor = Number(subscription.CursorSeq);
    if (subscription.PendingId !== "") {
      const events = await eventsFor(
        db,
        subscription,
        Number(subscription.PendingFirstSeq) - 1,
        Number(subscription.PendingLastSeq),
      );
      if (events.length > 0) return { id: subscription.PendingId, events };
      // Its events were pruned (kept for 7 days): nothing of it is left to send.
    }
    const events = await eventsFor(db, subscription, cursor);
    const first = events[0];
    const last = events.at(-1);
    if (first === undefined || last === undefined) {
      // None to deliver: step past the events of this table that were left out (stamped
      // before DateTimeStart or after DateTimeStop), so they are not read again.
      const skipTo = await lastSeqOfTable(db, subscription, cursor);
      if (skipTo !== undefined || subscription.PendingId !== "") {
        await this.settle(subscription, subscription.PendingId, {
          CursorSeq: skipTo ?? cursor,
          PendingId: "",
          PendingFirstSeq: 0,
          PendingLastSeq: 0,
        });
      }
      return undefined;
    }
    const id = newWebhookId();
    const pending = await this.settle(subscription, subscription.PendingId, {
      PendingId: id,
      PendingFirstSeq: first.Seq,
      PendingLastSeq: last.Seq,
    });
    return pending ? { id, events } : undefined;
  }

  /**
   * Updates the subscription's delivery state if its batch is still `pendingId` and its cursor
   * has not moved; false when something else changed it first.
   */
  private async settle(
    subscription: SubscriptionRow,
    pendingId: string,
    set: Updateable<WebhookSubscriptionTable>,
  ): Promise<boolean> {
    const result = await this.access.db
      .updateTable("webhooksubscription")
      .set(set)
      .where("SubscriptionNum", "=", Number(subscription.SubscriptionNum))
      .where("PendingId", "=", pendingId)
      .where("CursorSeq", "=", Number(subscription.CursorSeq))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
