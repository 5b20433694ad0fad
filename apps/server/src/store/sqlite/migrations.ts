// The tables this API needs on SQLite, with Open Dental's names and types: Kysely migrations
// written with the schema builder, where `bigint`, `smallint`, `tinyint` and `date` map onto
// SQLite's type affinities. (MySQL/MariaDB's definitions: mysql/tables.ts.)
import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely";

const createTables: Migration = {
  async up(db: Kysely<unknown>) {
    const dateTStamp = sql`timestamp`;
    await db.schema
      .createTable("refattach")
      .ifNotExists()
      .addColumn("RefAttachNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("ReferralNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("PatNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("ItemOrder", "smallint", (c) => c.notNull().defaultTo(0))
      .addColumn("RefDate", "date", (c) => c.notNull().defaultTo("0001-01-01"))
      .addColumn("RefType", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("RefToStatus", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("Note", "text", (c) => c.notNull())
      .addColumn("IsTransitionOfCare", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("ProcNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("DateProcComplete", "date", (c) => c.notNull().defaultTo("0001-01-01"))
      .addColumn("ProvNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("DateTStamp", dateTStamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("refattach_PatNum")
      .ifNotExists()
      .on("refattach")
      .column("PatNum")
      .execute();
    await db.schema
      .createIndex("refattach_ReferralNum")
      .ifNotExists()
      .on("refattach")
      .column("ReferralNum")
      .execute();

    await db.schema
      .createTable("referral")
      .ifNotExists()
      .addColumn("ReferralNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("LName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("FName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("MName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("Title", "varchar(255)", (c) => c.notNull().defaultTo(""))
      .addColumn("IsHidden", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("NotPerson", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("IsDoctor", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .addColumn("PatNum", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("Specialty", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("BusinessName", "varchar(255)", (c) => c.notNull().defaultTo(""))
      .addColumn("DateTStamp", dateTStamp, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("patient")
      .ifNotExists()
      .addColumn("PatNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("LName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("FName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("PatStatus", sql`tinyint`, (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable("provider")
      .ifNotExists()
      .addColumn("ProvNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("Abbr", "varchar(255)", (c) => c.notNull().defaultTo(""))
      .addColumn("LName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .addColumn("FName", "varchar(100)", (c) => c.notNull().defaultTo(""))
      .execute();

    await db.schema
      .createTable("procedurelog")
      .ifNotExists()
      .addColumn("ProcNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("PatNum", "bigint", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex("procedurelog_PatNum")
      .ifNotExists()
      .on("procedurelog")
      .column("PatNum")
      .execute();
  },
};

/**
 * Indexes that serve each list query in key order, and the referral name lookup key.
 * RefAttachNum is the rowid, which SQLite appends to every index: `refattach_PatNum` is
 * already (PatNum, RefAttachNum) and `refattach_ReferralNum` (ReferralNum, RefAttachNum), so
 * `?PatNum=` and `?ReferralNum=` pages read their rows in order without a sort step.
 * `?DateTStamp=` reads the (few, recent) rows after the stamp from their own index.
 */
const listIndexesAndNameKey: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex("refattach_DateTStamp")
      .ifNotExists()
      .on("refattach")
      .column("DateTStamp")
      .execute();
    // Why a key column rather than an expression index on a registered function: SQLite's
    // lower() folds ASCII only, and an index on a JavaScript function would make every other
    // program that writes `referral` (the sqlite3 shell, a backup tool, the tests' own
    // connection) fail with "no such function". The store writes the key (referral-name.ts's
    // referralNameKey) with each LName; a row written by anyone else has a NULL key, because
    // the column defaults to NULL and the trigger clears a key its LName no longer matches.
    // Lookups read `LNameKey = ? OR LNameKey IS NULL` from the index, compare exactly, and
    // fill in the NULL keys they meet.
    await db.schema.alterTable("referral").addColumn("LNameKey", "text").execute();
    await db.schema
      .createIndex("referral_LNameKey")
      .ifNotExists()
      .on("referral")
      .column("LNameKey")
      .execute();
    await sql`create trigger if not exists referral_LNameKey_stale
      after update of LName on referral
      for each row when new.LNameKey is old.LNameKey
      begin
        update referral set LNameKey = null where ReferralNum = new.ReferralNum;
      end`.execute(db);
  },
};

/**
 * Change events (events/): subscriptions, the outbox and the delivery loop's leases, this
 * server's own tables (mysql/webhook-tables.ts holds the same on MySQL/MariaDB). The outbox's
 * one index serves the sequencer (`Seq IS NULL`, in EventNum order) and the deliveries (`Seq >
 * cursor`); pruning walks the primary key.
 */
const changeEvents: Migration = {
  async up(db: Kysely<unknown>) {
    const noDateTime = "0001-01-01 00:00:00";
    await db.schema
      .createTable("webhooksubscription")
      .ifNotExists()
      .addColumn("SubscriptionNum", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("EndPointUrl", "text", (c) => c.notNull())
      .addColumn("Workstation", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("CustomerKey", "text", (c) => c.notNull())
      .addColumn("WatchTable", "text", (c) => c.notNull())
      .addColumn("PollingSeconds", "integer", (c) => c.notNull())
      .addColumn("UiEventType", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("DateTimeStart", "text", (c) => c.notNull())
      .addColumn("DateTimeStop", "text", (c) => c.notNull().defaultTo(noDateTime))
      .addColumn("Note", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("IsDisabled", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("DateTimeLastFailure", "text", (c) => c.notNull().defaultTo(noDateTime))
      .addColumn("FailureReason", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("SubsequentFailures", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("ChangesSince", "text", (c) => c.notNull())
      .addColumn("EventsFrom", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("SigningSecret", "text", (c) => c.notNull())
      .addColumn("PreviousSecret", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("PreviousSecretUntil", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("CursorSeq", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("PendingId", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("PendingFirstSeq", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("PendingLastSeq", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("NextAttemptAt", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("FirstFailureAt", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable("webhookevent")
      .ifNotExists()
      // The rowid itself: AUTOINCREMENT would cost every insert a write to sqlite_sequence.
      .addColumn("EventNum", "integer", (c) => c.primaryKey())
      .addColumn("Seq", "integer")
      .addColumn("WatchTable", "text", (c) => c.notNull())
      .addColumn("RowKey", "integer", (c) => c.notNull())
      .addColumn("DateTStamp", "text", (c) => c.notNull())
      .addColumn("Payload", "text", (c) => c.notNull())
      .addColumn("CreatedAt", "integer", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("webhookevent_Seq")
      .ifNotExists()
      .on("webhookevent")
      .column("Seq")
      .execute();
    await db.schema
      .createTable("webhooklease")
      .ifNotExists()
      .addColumn("Job", "text", (c) => c.primaryKey())
      .addColumn("Holder", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("Expires", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("Position", "text", (c) => c.notNull().defaultTo(""))
      .execute();
  },
};

/** Migrations in order; Kysely's Migrator records which have run. */
export const migrations: MigrationProvider = {
  async getMigrations() {
    return {
      "0001_create_tables": createTables,
      "0002_list_indexes_and_name_key": listIndexesAndNameKey,
      "0003_change_events": changeEvents,
    };
  },
};
