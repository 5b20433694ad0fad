// This server's own tables for change events (events/) on MySQL/MariaDB, the same as SQLite's
// (sqlite/migrations.ts). Unlike Open Dental's tables they are optional: created with the
// others in an empty database and by `migrate`, never at the start of a server on an existing
// Open Dental database, which then runs without subscriptions (index.ts says how to add them).
import { type Kysely, sql } from "kysely";

const NO_DATE_TIME = "'0001-01-01 00:00:00'";

export const WEBHOOK_TABLES = {
  webhooksubscription: `
    SubscriptionNum bigint NOT NULL AUTO_INCREMENT,
    EndPointUrl varchar(2048) NOT NULL,
    Workstation varchar(255) NOT NULL DEFAULT '',
    CustomerKey varchar(255) NOT NULL,
    WatchTable varchar(32) NOT NULL,
    PollingSeconds int NOT NULL,
    UiEventType varchar(255) NOT NULL DEFAULT '',
    DateTimeStart datetime NOT NULL,
    DateTimeStop datetime NOT NULL DEFAULT ${NO_DATE_TIME},
    Note varchar(255) NOT NULL DEFAULT '',
    IsDisabled tinyint NOT NULL DEFAULT 0,
    DateTimeLastFailure datetime NOT NULL DEFAULT ${NO_DATE_TIME},
    FailureReason text NOT NULL,
    SubsequentFailures int NOT NULL DEFAULT 0,
    ChangesSince datetime NOT NULL,
    EventsFrom bigint NOT NULL DEFAULT 0,
    SigningSecret varchar(64) NOT NULL,
    PreviousSecret varchar(64) NOT NULL DEFAULT '',
    PreviousSecretUntil bigint NOT NULL DEFAULT 0,
    CursorSeq bigint NOT NULL DEFAULT 0,
    PendingId varchar(64) NOT NULL DEFAULT '',
    PendingFirstSeq bigint NOT NULL DEFAULT 0,
    PendingLastSeq bigint NOT NULL DEFAULT 0,
    NextAttemptAt bigint NOT NULL DEFAULT 0,
    FirstFailureAt bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (SubscriptionNum)`,
  // A payload holds a whole row: a RefAttach Note alone may fill a 64 KiB text column.
  // The one index serves the sequencer (Seq IS NULL, in EventNum order, which InnoDB keeps in
  // every secondary index) and the deliveries (Seq > cursor); pruning walks the primary key.
  webhookevent: `
    EventNum bigint NOT NULL AUTO_INCREMENT,
    Seq bigint NULL DEFAULT NULL,
    WatchTable varchar(32) NOT NULL,
    RowKey bigint NOT NULL,
    DateTStamp datetime NOT NULL,
    Payload mediumtext NOT NULL,
    CreatedAt bigint NOT NULL,
    PRIMARY KEY (EventNum),
    KEY Seq (Seq)`,
  webhooklease: `
    Job varchar(64) NOT NULL,
    Holder varchar(128) NOT NULL DEFAULT '',
    Expires bigint NOT NULL DEFAULT 0,
    Position varchar(64) NOT NULL DEFAULT '',
    PRIMARY KEY (Job)`,
} as const;

export type WebhookTableName = keyof typeof WEBHOOK_TABLES;

export const WEBHOOK_TABLE_NAMES = Object.keys(WEBHOOK_TABLES) as WebhookTableName[];

/** The change-event tables the database lacks, among its `tables`. */
export function missingWebhookTables(tables: ReadonlyMap<string, unknown>): WebhookTableName[] {
  return WEBHOOK_TABLE_NAMES.filter((name) => !tables.has(name));
}

/** Creates the named change-event tables (InnoDB, utf8mb4); never touches an existing one. */
export async function createWebhookTables<DB>(
  db: Kysely<DB>,
  names: readonly WebhookTableName[],
): Promise<void> {
  for (const name of names) {
    await sql
      .raw(
        `CREATE TABLE IF NOT EXISTS \`${name}\` (${WEBHOOK_TABLES[name]}\n) ` +
          "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
      )
      .execute(db);
  }
}
