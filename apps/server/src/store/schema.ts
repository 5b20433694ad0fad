// Kysely's view of the database: Open Dental's own table and column names, with the columns
// this API uses. Enum columns hold Open Dental's integer codes (see domain/enums.ts), dates
// are `yyyy-MM-dd` strings and DateTStamp a `yyyy-MM-dd HH:mm:ss` local-time string.
import type { Generated, Insertable } from "kysely";

export interface RefAttachTable {
  RefAttachNum: Generated<number>;
  ReferralNum: number;
  PatNum: number;
  ItemOrder: number;
  RefDate: string;
  RefType: number;
  RefToStatus: number;
  Note: string;
  IsTransitionOfCare: number;
  ProcNum: number;
  DateProcComplete: string;
  ProvNum: number;
  DateTStamp: string;
}

export interface ReferralTable {
  ReferralNum: Generated<number>;
  LName: string;
  FName: string;
  MName: string;
  Title: string;
  IsHidden: number;
  NotPerson: number;
  IsDoctor: number;
  PatNum: number;
  Specialty: number;
  BusinessName: string;
  DateTStamp: string;
}

export interface PatientTable {
  PatNum: Generated<number>;
  LName: string;
  FName: string;
  PatStatus: number;
}

export interface ProviderTable {
  ProvNum: Generated<number>;
  Abbr: string;
  LName: string;
  FName: string;
}

export interface ProcedureLogTable {
  ProcNum: Generated<number>;
  PatNum: number;
}

/**
 * This server's own table of change-event subscriptions (never Open Dental's apisubscription,
 * which Open Dental's API service reads): the resource's fields under their API names, then
 * the delivery state. Times the API never shows are epoch milliseconds. Generated: the
 * column has a default (nothing failed, nothing pending).
 */
export interface WebhookSubscriptionTable {
  SubscriptionNum: Generated<number>;
  EndPointUrl: string;
  Workstation: string;
  CustomerKey: string;
  WatchTable: string;
  PollingSeconds: number;
  UiEventType: string;
  /** Where deliveries stand, as GET shows it: the DateTStamp of the last row delivered. */
  DateTimeStart: string;
  DateTimeStop: string;
  Note: string;
  IsDisabled: Generated<number>;
  DateTimeLastFailure: Generated<string>;
  FailureReason: string;
  SubsequentFailures: Generated<number>;
  /** The DateTimeStart it was created with: changes stamped before it are never sent. */
  ChangesSince: string;
  /**
   * Created without a DateTimeStart: the database's clock then (epoch milliseconds), before
   * which no event is sent, even one stamped in the same second. 0 with a DateTimeStart.
   */
  EventsFrom: Generated<number>;
  SigningSecret: string;
  /** The secret before the last rotation, still signing until PreviousSecretUntil. */
  PreviousSecret: Generated<string>;
  PreviousSecretUntil: Generated<number>;
  /** The Seq of the last event delivered (or skipped). */
  CursorSeq: Generated<number>;
  /** The batch being delivered: its webhook-id ("" when none) and Seq range. */
  PendingId: Generated<string>;
  PendingFirstSeq: Generated<number>;
  PendingLastSeq: Generated<number>;
  /** No delivery attempt before this (retry wait, or PollingSeconds after the last POST). */
  NextAttemptAt: Generated<number>;
  /** When the current streak of failed attempts began; 0 when none. */
  FirstFailureAt: Generated<number>;
}

/** The outbox: one row per changed row, written in the transaction that changed it. */
export interface WebhookEventTable {
  EventNum: Generated<number>;
  /** Commit order, assigned by the sequencer once the event is committed; null until then. */
  Seq: number | null;
  WatchTable: string;
  /** The changed row's primary key. */
  RowKey: number;
  /** The changed row's DateTStamp (for RefAttachDeleted, the time of the delete). */
  DateTStamp: string;
  /** The row as the API answers it, as JSON text. */
  Payload: string;
  /** Epoch milliseconds; events are pruned 7 days after. */
  CreatedAt: number;
}

/** Leases of the delivery loop's jobs, and where the poll for other writers stands. */
export interface WebhookLeaseTable {
  Job: string;
  Holder: string;
  /** Epoch milliseconds by the database's clock. */
  Expires: number;
  Position: string;
}

export interface Database {
  refattach: RefAttachTable;
  referral: ReferralTable;
  patient: PatientTable;
  provider: ProviderTable;
  procedurelog: ProcedureLogTable;
  webhooksubscription: WebhookSubscriptionTable;
  webhookevent: WebhookEventTable;
  webhooklease: WebhookLeaseTable;
}

export type NewRefAttachRow = Insertable<RefAttachTable>;
export type NewReferralRow = Insertable<ReferralTable>;

/** SQLite only: the referral name lookup key the store keeps beside LName (sqlite/migrations.ts). */
export type SqliteReferralNameKey = {
  referral: { LNameKey: string | null };
};
