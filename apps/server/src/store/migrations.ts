// The tables this API needs, with Open Dental's names and types. SQLite: a Kysely migration
// written with the schema builder, where `bigint`, `smallint`, `tinyint` and `date` map onto
// SQLite's type affinities. MySQL/MariaDB: the definitions at the end of this file.
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

/** Migrations in order; Kysely's Migrator records which have run. */
export const migrations: MigrationProvider = {
  async getMigrations() {
    return {
      "0001_create_tables": createTables,
      "0002_list_indexes_and_name_key": listIndexesAndNameKey,
    };
  },
};

// MySQL/MariaDB: Open Dental's own types (bigint keys, tinyint codes, `date` with 0001-01-01,
// DateTStamp as a `timestamp` the database refreshes on update). No migration ledger is kept
// there: an Open Dental database is never altered, so the start-up check (mysql-schema-check.ts)
// compares these definitions with the live columns and `migrate` creates only missing tables.

/** How the start-up check recognises a compatible column type. */
export type ColumnFamily = "integer" | "text" | "date" | "datetime";

export interface MysqlColumn {
  name: string;
  /** The definition used when this server creates the table. */
  definition: string;
  family: ColumnFamily;
}

export interface MysqlTable {
  name: "refattach" | "referral" | "patient" | "provider" | "procedurelog";
  /** The auto-increment primary key. */
  key: string;
  columns: readonly MysqlColumn[];
  /** Secondary indexes, each on one column and named after it as Open Dental names them. */
  indexes: readonly string[];
}

const key = (name: string): MysqlColumn => ({
  name,
  definition: "bigint NOT NULL AUTO_INCREMENT",
  family: "integer",
});
const int = (name: string, type = "bigint"): MysqlColumn => ({
  name,
  definition: `${type} NOT NULL DEFAULT 0`,
  family: "integer",
});
const text = (name: string, type: string): MysqlColumn => ({
  name,
  definition: type === "text" ? "text NOT NULL" : `${type} NOT NULL DEFAULT ''`,
  family: "text",
});
const date = (name: string): MysqlColumn => ({
  name,
  definition: "date NOT NULL DEFAULT '0001-01-01'",
  family: "date",
});
const dateTStamp: MysqlColumn = {
  name: "DateTStamp",
  definition: "timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP",
  family: "datetime",
};

/** The tables and columns this server uses, in Open Dental's column order. */
export const MYSQL_TABLES: readonly MysqlTable[] = [
  {
    name: "refattach",
    key: "RefAttachNum",
    columns: [
      key("RefAttachNum"),
      int("ReferralNum"),
      int("PatNum"),
      int("ItemOrder", "smallint unsigned"),
      date("RefDate"),
      int("RefType", "tinyint"),
      int("RefToStatus", "tinyint unsigned"),
      text("Note", "text"),
      int("IsTransitionOfCare", "tinyint"),
      int("ProcNum"),
      date("DateProcComplete"),
      int("ProvNum"),
      dateTStamp,
    ],
    indexes: ["PatNum", "ReferralNum", "ProcNum", "ProvNum"],
  },
  {
    name: "referral",
    key: "ReferralNum",
    columns: [
      key("ReferralNum"),
      text("LName", "varchar(100)"),
      text("FName", "varchar(100)"),
      text("MName", "varchar(100)"),
      int("Specialty"),
      int("IsHidden", "tinyint unsigned"),
      int("NotPerson", "tinyint unsigned"),
      text("Title", "varchar(255)"),
      int("PatNum"),
      int("IsDoctor", "tinyint"),
      dateTStamp,
      text("BusinessName", "varchar(255)"),
    ],
    indexes: ["PatNum"],
  },
  {
    name: "patient",
    key: "PatNum",
    columns: [
      key("PatNum"),
      text("LName", "varchar(100)"),
      text("FName", "varchar(100)"),
      int("PatStatus", "tinyint unsigned"),
    ],
    indexes: [],
  },
  {
    name: "provider",
    key: "ProvNum",
    columns: [
      key("ProvNum"),
      text("Abbr", "varchar(255)"),
      text("LName", "varchar(100)"),
      text("FName", "varchar(100)"),
    ],
    indexes: [],
  },
  {
    name: "procedurelog",
    key: "ProcNum",
    columns: [key("ProcNum"), int("PatNum")],
    indexes: ["PatNum"],
  },
];

const quote = (identifier: string) => `\`${identifier}\``;

/** `CREATE TABLE IF NOT EXISTS` for one table, InnoDB (transactions and row locks) in utf8mb4. */
export function mysqlCreateTableSql(table: MysqlTable): string {
  const lines = [
    ...table.columns.map((column) => `${quote(column.name)} ${column.definition}`),
    `PRIMARY KEY (${quote(table.key)})`,
    ...table.indexes.map((column) => `KEY ${quote(column)} (${quote(column)})`),
  ];
  return (
    `CREATE TABLE IF NOT EXISTS ${quote(table.name)} (\n  ${lines.join(",\n  ")}\n) ` +
    "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
  );
}

/** Creates the named tables that do not exist yet; never touches an existing table. */
export async function createMysqlTables<DB>(
  db: Kysely<DB>,
  names: readonly MysqlTable["name"][],
): Promise<void> {
  for (const table of MYSQL_TABLES) {
    if (names.includes(table.name)) await sql.raw(mysqlCreateTableSql(table)).execute(db);
  }
}
