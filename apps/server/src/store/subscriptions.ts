// The Subscription rules, written once over Kysely like store/refattaches.ts. A caller sees
// and changes only the subscriptions of its own customer key: another's is "not found". The
// EndPointUrl rules need the configuration and DNS, so the routes check them first
// (webhooks/endpoint-url.ts); the delivery state is the delivery loop's (events/).
import type {
  Subscription,
  SubscriptionCreate,
  SubscriptionWithSecret,
  WatchTable,
} from "@refattaches/api-types";
import type { Kysely, RawBuilder, Selectable, Updateable } from "kysely";
import { formatLocalDateTime } from "../domain/dates.js";
import { boolString } from "../domain/enums.js";
import { invalid, messages, notFound, RuleError } from "../domain/errors.js";
import { newSigningSecret, PREVIOUS_SECRET_MS } from "../webhooks/secret.js";
import type { Database, WebhookSubscriptionTable } from "./schema.js";
import type { Store, StoreDialect, StoreOptions } from "./store.js";

export type SubscriptionStore = Pick<
  Store,
  "listSubscriptions" | "createSubscription" | "updateSubscription" | "deleteSubscription"
>;

/** Open Dental's "never" for DateTimeStop, and "none" for DateTimeLastFailure. */
export const NO_DATE_TIME = "0001-01-01 00:00:00";

export function toSubscription(row: Selectable<WebhookSubscriptionTable>): Subscription {
  return {
    SubscriptionNum: Number(row.SubscriptionNum),
    EndPointUrl: row.EndPointUrl,
    Workstation: row.Workstation,
    CustomerKey: row.CustomerKey,
    WatchTable: row.WatchTable as WatchTable,
    PollingSeconds: Number(row.PollingSeconds),
    UiEventType: row.UiEventType,
    DateTimeStart: row.DateTimeStart,
    DateTimeStop: row.DateTimeStop,
    Note: row.Note,
    IsDisabled: boolString(Number(row.IsDisabled)),
    DateTimeLastFailure: row.DateTimeLastFailure,
    FailureReason: row.FailureReason,
    SubsequentFailures: Number(row.SubsequentFailures),
  };
}

/** The store of a database without the change-event tables: every call answers 503. */
export function subscriptionsNotSetUp(): SubscriptionStore {
  const off = async (): Promise<never> => {
    throw new RuleError("Unavailable", messages.subscriptionsNotSetUp);
  };
  return {
    listSubscriptions: off,
    createSubscription: off,
    updateSubscription: off,
    deleteSubscription: off,
  };
}

export function createSubscriptionStore(
  db: Kysely<Database>,
  dialect: StoreDialect,
  /** The database's clock (ChangeEventsAccess.clockMs), which stamps every event. */
  clockMs: RawBuilder<number>,
  options: StoreOptions = {},
): SubscriptionStore {
  const now = options.now ?? (() => new Date());

  /** The caller's subscriptions: no query reads another customer key's. */
  const owned = (trx: Kysely<Database>, customerKey: string) =>
    trx.selectFrom("webhooksubscription").selectAll().where("CustomerKey", "=", customerKey);
  const mine = (trx: Kysely<Database>, customerKey: string, subscriptionNum: number) =>
    owned(trx, customerKey).where("SubscriptionNum", "=", subscriptionNum);

  return {
    async listSubscriptions(customerKey, { limit, offset }) {
      const rows = await owned(db, customerKey)
        .orderBy("SubscriptionNum")
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map(toSubscription);
    },

    createSubscription(customerKey: string, input: SubscriptionCreate) {
      const signingSecret = newSigningSecret();
      const start = input.DateTimeStart ?? formatLocalDateTime(now());
      return dialect.transaction(async (trx) => {
        const inserted = await trx
          .insertInto("webhooksubscription")
          .values({
            EndPointUrl: input.EndPointUrl,
            Workstation: input.Workstation ?? "",
            CustomerKey: customerKey,
            WatchTable: input.WatchTable,
            PollingSeconds: input.PollingSeconds,
            UiEventType: input.UiEventType ?? "",
            DateTimeStart: start,
            DateTimeStop: input.DateTimeStop ?? NO_DATE_TIME,
            Note: input.Note ?? "",
            FailureReason: "",
            ChangesSince: start,
            // From now on, by the clock that stamps each event's CreatedAt.
            EventsFrom: input.DateTimeStart === undefined ? clockMs : 0,
            SigningSecret: signingSecret,
          })
          .executeTakeFirstOrThrow();
        const row = await mine(trx, customerKey, Number(inserted.insertId)).executeTakeFirst();
        if (!row) throw new Error("Inserted subscription could not be read back");
        return { ...toSubscription(row), signingSecret } satisfies SubscriptionWithSecret;
      });
    },

    async updateSubscription(customerKey, subscriptionNum, changes) {
      if (Object.keys(changes).length === 0) throw invalid(messages.emptyUpdate);
      return dialect.transaction(async (trx) => {
        const current = await mine(trx, customerKey, subscriptionNum)
          .$if(dialect.rowLocks, (q) => q.forUpdate())
          .executeTakeFirst();
        if (!current) throw notFound(messages.subscriptionNotFound);
        const { IsDisabled, rotateSecret, ...fields } = changes;
        const set: Updateable<WebhookSubscriptionTable> = { ...fields };
        // A new address gets the batch at once, not after the old one's retry wait.
        if (fields.EndPointUrl !== undefined) set.NextAttemptAt = 0;
        // The batch being delivered was chosen under the old DateTimeStop: choose it again,
        // under a new webhook-id, as its rows may differ.
        if (fields.DateTimeStop !== undefined && fields.DateTimeStop !== current.DateTimeStop) {
          Object.assign(set, { PendingId: "", PendingFirstSeq: 0, PendingLastSeq: 0 });
        }
        if (IsDisabled === "true") set.IsDisabled = 1;
        if (IsDisabled === "false") {
          // Resume where it stopped: the same batch, now, as if it had never failed.
          Object.assign(set, {
            IsDisabled: 0,
            SubsequentFailures: 0,
            FirstFailureAt: 0,
            FailureReason: "",
            NextAttemptAt: 0,
          });
        }
        let signingSecret: string | undefined;
        if (rotateSecret === "true") {
          signingSecret = newSigningSecret();
          Object.assign(set, {
            SigningSecret: signingSecret,
            PreviousSecret: current.SigningSecret,
            PreviousSecretUntil: now().getTime() + PREVIOUS_SECRET_MS,
          });
        }
        await trx
          .updateTable("webhooksubscription")
          .set(set)
          .where("SubscriptionNum", "=", subscriptionNum)
          .execute();
        const row = await mine(trx, customerKey, subscriptionNum).executeTakeFirstOrThrow();
        const updated = toSubscription(row);
        return signingSecret === undefined ? updated : { ...updated, signingSecret };
      });
    },

    async deleteSubscription(customerKey, subscriptionNum) {
      const deleted = await dialect.transaction((trx) =>
        trx
          .deleteFrom("webhooksubscription")
          .where("SubscriptionNum", "=", subscriptionNum)
          .where("CustomerKey", "=", customerKey)
          .executeTakeFirst(),
      );
      if (Number(deleted.numDeletedRows) === 0) throw notFound(messages.subscriptionNotFound);
    },
  };
}
