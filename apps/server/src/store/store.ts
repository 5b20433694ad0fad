// What routes need from storage. Each backend (store/sqlite/, store/mysql/) provides it;
// the rules themselves live once, in store/refattaches.ts and store/referrals.ts.
import type {
  BooleanString,
  RefAttach,
  RefAttachCreate,
  RefAttachUpdate,
  Referral,
  ReferralCreate,
  ReferralUpdate,
} from "@refattaches/api-types";
import type { Transaction } from "kysely";
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
  /** One cheap round trip to the database (GET /ready); rejects while it cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
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

export interface StoreOptions {
  /** The clock for DateTStamp and the default RefDate; tests pin it. */
  now?: () => Date;
  /** Where a backend reports its own events (the database going away and coming back). */
  logger?: Logger;
}
