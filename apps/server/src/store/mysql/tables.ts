// The tables this API needs on MySQL/MariaDB, in Open Dental's own types (bigint keys, tinyint
// codes, `date` with 0001-01-01, DateTStamp as a `timestamp` the database refreshes on
// update). No migration ledger is kept there: an Open Dental database is never altered, so
// the start-up check (schema-check.ts) compares these definitions with the live columns and
// `migrate` creates only missing tables.
import { type Kysely, sql } from "kysely";

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
