// A subscription's next batch: the events of its WatchTable after its cursor, in commit order
// (Seq), at most BATCH_ROWS, each stamped no earlier than the DateTimeStart it was created with
// (and, without one, recorded after it was created) and no later than its DateTimeStop. The same query, limited to a persisted Seq range, gives a
// pending batch back with the same rows for every retry.
import { randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { Database, WebhookSubscriptionTable } from "../store/schema.js";
import { NO_DATE_TIME } from "../store/subscriptions.js";

/** The most rows one delivery carries (the spec's maxItems). */
export const BATCH_ROWS = 1000;

export type SubscriptionRow = Selectable<WebhookSubscriptionTable>;

export interface BatchEvent {
  Seq: number;
  DateTStamp: string;
  Payload: string;
}

/** The events a subscription would deliver after `afterSeq`, up to `lastSeq` when given. */
export async function eventsFor(
  db: Kysely<Database>,
  subscription: SubscriptionRow,
  afterSeq: number,
  lastSeq?: number,
): Promise<BatchEvent[]> {
  const rows = await db
    .selectFrom("webhookevent")
    .select(["Seq", "DateTStamp", "Payload"])
    .where("Seq", ">", afterSeq)
    .$if(lastSeq !== undefined, (q) => q.where("Seq", "<=", lastSeq ?? 0))
    .where("WatchTable", "=", subscription.WatchTable)
    .where("DateTStamp", ">=", subscription.ChangesSince)
    .$if(Number(subscription.EventsFrom) > 0, (q) =>
      q.where("CreatedAt", ">=", Number(subscription.EventsFrom)),
    )
    .$if(subscription.DateTimeStop !== NO_DATE_TIME, (q) =>
      q.where("DateTStamp", "<=", subscription.DateTimeStop),
    )
    .orderBy("Seq")
    .limit(BATCH_ROWS)
    .execute();
  return rows.map((row) => ({
    Seq: Number(row.Seq),
    DateTStamp: row.DateTStamp,
    Payload: row.Payload,
  }));
}

/**
 * The Seq of the last event of the subscription's table after `afterSeq`, if any: when none of
 * them is to be delivered, the cursor moves past them all, so they are not read again.
 */
export async function lastSeqOfTable(
  db: Kysely<Database>,
  subscription: SubscriptionRow,
  afterSeq: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom("webhookevent")
    .select((eb) => eb.fn.max("Seq").as("last"))
    .where("Seq", ">", afterSeq)
    .where("WatchTable", "=", subscription.WatchTable)
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? undefined : Number(row.last);
}

/** The delivery's body: a JSON array of the events' payloads, in order. */
export const batchBody = (events: readonly BatchEvent[]): string =>
  `[${events.map((event) => event.Payload).join(",")}]`;

/** A new batch's `webhook-id`, kept for every retry of it. */
export const newWebhookId = (): string => `msg_${randomBytes(16).toString("base64url")}`;
