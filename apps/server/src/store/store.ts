// What routes need from storage. Each backend (store/sqlite/, store/mysql/) provides it;
// the rules themselves live once, in store/refattaches.ts and store/referrals.ts.
import type {
  BooleanString,
  RefAttach,
  RefAttachCreate,
  RefAttachDeleted,
  RefAttachUpdate,
  Referral,
  ReferralCreate,
  ReferralUpdate,
  Subscription,
  SubscriptionCreate,
  SubscriptionUpdate,
  SubscriptionWithSecret,
  WatchTable,
} from "@refattaches/api-types";
import type { Kysely, RawBuilder, Transaction } from "kysely";
import type { Logger } from "../logger.js";
import type { BoundQuery } from "./compiled.js";
import type { Database } from "./schema.js";

export interface RefAttachFilter {
  PatNum?: number;
  ReferralNum?: number;
  /** Only rows changed strictly after this `yyyy-MM-dd HH:mm:ss`. */
  DateTStamp?: string;
  limit: number;
  offset: number;
}

export interface ReferralFilter {
  IsHidden?: BooleanString;
  NotPerson?: BooleanString;
  IsDoctor?: BooleanString;
  /** Part of the BusinessName, ignoring case. */
  BusinessName?: string;
  limit: number;
  offset: number;
}

export interface Store {
  listRefAttaches(filter: RefAttachFilter): Promise<RefAttach[]>;
  createRefAttach(input: RefAttachCreate): Promise<RefAttach>;
  updateRefAttach(refAttachNum: number, changes: RefAttachUpdate): Promise<RefAttach>;
  deleteRefAttach(refAttachNum: number): Promise<void>;
  listReferrals(filter: ReferralFilter): Promise<Referral[]>;
  getReferral(referralNum: number): Promise<Referral>;
  createReferral(input: ReferralCreate): Promise<Referral>;
  updateReferral(referralNum: number, changes: ReferralUpdate): Promise<Referral>;
  /** The caller's subscriptions, by SubscriptionNum. */
  listSubscriptions(customerKey: string, page: Page): Promise<Subscription[]>;
  /** A new subscription of the caller's, with its signing secret (EndPointUrl already checked). */
  createSubscription(
    customerKey: string,
    input: SubscriptionCreate,
  ): Promise<SubscriptionWithSecret>;
  /** Another customer's subscription is not found; with rotateSecret "true", the new secret. */
  updateSubscription(
    customerKey: string,
    subscriptionNum: number,
    changes: SubscriptionUpdate,
  ): Promise<Subscription | SubscriptionWithSecret>;
  deleteSubscription(customerKey: string, subscriptionNum: number): Promise<void>;
  /**
   * The change events' tables, for the delivery loop (events/); undefined when the database
   * lacks them (an Open Dental database not yet migrated), and subscriptions answer 503.
   */
  changeEvents: ChangeEventsAccess | undefined;
  /** One cheap round trip to the database (GET /ready); rejects while it cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Page {
  limit: number;
  offset: number;
}

/**
 * Where each write records its change events, inside its own transaction (events/outbox.ts):
 * one per changed row, the row as the API answers it.
 */
export interface ChangeRecorder {
  /** False when the database has no outbox: writes then skip reading what they would record. */
  readonly enabled: boolean;
  record<T extends WatchTable>(
    trx: Transaction<Database>,
    table: T,
    rows: readonly ChangedRow[T][],
  ): Promise<void>;
}

/** What an event of each watched table holds: the row as the API answers it. */
export interface ChangedRow {
  RefAttach: RefAttach;
  RefAttachDeleted: RefAttachDeleted;
  Referral: Referral;
}

/** What the delivery loop works with: the database, and how this backend runs writes. */
export interface ChangeEventsAccess {
  db: Kysely<Database>;
  /** The backend's transactions (and retries), as the rules use them. */
  transaction: StoreDialect["transaction"];
  /** Whether reads inside a transaction should lock rows (see StoreDialect). */
  rowLocks: boolean;
  /** The database's clock in epoch milliseconds, which every server sharing it agrees on. */
  clockMs: RawBuilder<number>;
  /** Calls `listener` after each commit of a write of this process that recorded events. */
  onCommit(listener: () => void): () => void;
}

/** How a backend runs the shared rules (store/refattaches.ts, store/referrals.ts). */
export interface StoreDialect {
  /** Runs `work` in one transaction that serialises competing writers (and retries if needed). */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs a compiled read (a query shape's SQL and parameters) outside any transaction, as
   * directly as the backend allows (a cached prepared statement), seeing only committed rows
   * and never waiting behind a writer.
   */
  read<R>(query: BoundQuery<R>): Promise<R[]>;
  /**
   * SQLite plans a statement with the value bound to a bare `LIMIT ?` or `OFFSET ?`, so it
   * prepares the statement again each time one is bound (about as costly as the read itself);
   * list queries then write those parameters as expressions (`+?`). MySQL takes only `?` there.
   */
  boundLimitReprepares: boolean;
  /**
   * The referrals whose LName may equal `name` ignoring case, lowest ReferralNum first: at
   * least every one that does (the caller makes the exact comparison, see referral-name.ts).
   */
  referralsNamed(
    trx: Transaction<Database>,
    name: string,
  ): Promise<{ ReferralNum: number; LName: string }[]>;
  /** Keeps what a backend derives from a referral's LName (SQLite's lookup key) current. */
  referralNamed?(trx: Transaction<Database>, referralNum: number, LName: string): Promise<void>;
  /**
   * Whether reads inside a write should take row locks (`SELECT ... FOR UPDATE`). SQLite has
   * no row locks: its transactions start with BEGIN IMMEDIATE and hold the one write lock.
   */
  rowLocks: boolean;
  /** refattach has an index on DateTStamp (SQLite; Open Dental's MySQL tables have none). */
  indexesDateTStamp: boolean;
  /**
   * Serialises find-or-create of a referral by name where row locks cannot (there is no row to
   * lock before it exists). Called inside the transaction, after the patient lock and only
   * when no referral matched; held until the transaction ends. SQLite needs none.
   */
  lockReferralCreation?(trx: Transaction<Database>): Promise<void>;
}

/** What the shared rules (refattaches.ts, referrals.ts) are built with besides the dialect. */
export interface RuleOptions extends StoreOptions {
  events: ChangeRecorder;
}

export interface StoreOptions {
  /** The clock for DateTStamp and the default RefDate; tests pin it. */
  now?: () => Date;
  /** Where a backend reports its own events (the database going away and coming back). */
  logger?: Logger;
}
