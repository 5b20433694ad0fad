// What the MySQL/MariaDB backend learns from information_schema at start: which of its tables
// exist, whether their columns are the ones (and the kinds) it reads and writes, whether they
// have transactions, and which extra NOT NULL columns without a default an insert must fill.
// Only names and types are read here, never rows.
import { type Kysely, type OperationNode, RawNode, sql, ValueNode } from "kysely";
import { type ColumnFamily, MYSQL_TABLES, type MysqlTable } from "./tables.js";

export interface LiveColumn {
  table: string;
  name: string;
  /** information_schema DATA_TYPE, lower case: `bigint`, `varchar`, `date`, ... */
  dataType: string;
  /** Full type, e.g. `enum('a','b')` or `smallint(5) unsigned`. */
  columnType: string;
  nullable: boolean;
  hasDefault: boolean;
  autoIncrement: boolean;
  generated: boolean;
}

export interface LiveSchema {
  database: string;
  /** Every table of the database, by name, with its storage engine. */
  tables: Map<string, { engine: string }>;
  /** The columns of this server's tables only. */
  columns: LiveColumn[];
}

const OUR_TABLES = MYSQL_TABLES.map((table) => table.name);

export async function readLiveSchema<DB>(db: Kysely<DB>): Promise<LiveSchema> {
  const { rows: current } = await sql<{ name: string | null }>`select database() as name`.execute(
    db,
  );
  const database = current[0]?.name;
  if (!database) throw new Error("DATABASE_URL names no database (mysql://user:pass@host:port/DB)");
  const { rows: tables } = await sql<{ name: string; engine: string | null }>`
    select TABLE_NAME as name, ENGINE as engine from information_schema.TABLES
    where TABLE_SCHEMA = ${database}`.execute(db);
  const { rows: columns } = await sql<{
    tableName: string;
    name: string;
    dataType: string;
    columnType: string;
    isNullable: string;
    columnDefault: string | null;
    extra: string;
  }>`
    select TABLE_NAME as tableName, COLUMN_NAME as name, DATA_TYPE as dataType,
      COLUMN_TYPE as columnType, IS_NULLABLE as isNullable, COLUMN_DEFAULT as columnDefault,
      EXTRA as extra
    from information_schema.COLUMNS
    where TABLE_SCHEMA = ${database} and TABLE_NAME in (${sql.join(OUR_TABLES)})
    order by TABLE_NAME, ORDINAL_POSITION`.execute(db);
  return {
    database,
    tables: new Map(tables.map((t) => [t.name, { engine: t.engine ?? "" }])),
    columns: columns.map((c) => {
      const extra = c.extra.toLowerCase();
      return {
        table: c.tableName,
        name: c.name,
        dataType: c.dataType.toLowerCase(),
        columnType: c.columnType.toLowerCase(),
        nullable: c.isNullable === "YES",
        // MariaDB reports DEFAULT NULL as the string 'NULL'; no default at all is NULL.
        hasDefault: c.columnDefault !== null,
        autoIncrement: extra.includes("auto_increment"),
        generated: /generated|virtual|persistent|stored/.test(extra),
      };
    }),
  };
}

/** This server's tables that the database does not have. */
export function missingTables(live: LiveSchema): MysqlTable["name"][] {
  return OUR_TABLES.filter((name) => !live.tables.has(name));
}

const FAMILIES: Record<ColumnFamily, readonly string[]> = {
  integer: ["tinyint", "smallint", "mediumint", "int", "integer", "bigint"],
  text: ["char", "varchar", "tinytext", "text", "mediumtext", "longtext"],
  date: ["date"],
  datetime: ["timestamp", "datetime"],
};

const FAMILY_NAMES: Record<ColumnFamily, string> = {
  integer: "an integer type",
  text: "a text type",
  date: "date",
  datetime: "timestamp or datetime",
};

function liveColumn(live: LiveSchema, table: string, column: string): LiveColumn | undefined {
  const name = column.toLowerCase();
  return live.columns.find((c) => c.table === table && c.name.toLowerCase() === name);
}

/** Everything that stops this server from working on the database, one line each. */
export function schemaProblems(live: LiveSchema): string[] {
  const problems: string[] = [];
  for (const table of MYSQL_TABLES) {
    if (!live.tables.has(table.name)) {
      problems.push(`table ${table.name} is missing`);
      continue;
    }
    for (const column of table.columns) {
      const found = liveColumn(live, table.name, column.name);
      if (!found) {
        problems.push(`column ${table.name}.${column.name} is missing`);
      } else if (!FAMILIES[column.family].includes(found.dataType)) {
        problems.push(
          `column ${table.name}.${column.name} is ${found.columnType}; expected ${FAMILY_NAMES[column.family]}`,
        );
      } else if (column.name === table.key && !found.autoIncrement) {
        problems.push(
          `column ${table.name}.${column.name} is not AUTO_INCREMENT (random primary keys are not supported)`,
        );
      }
    }
  }
  return problems;
}

/** The start-up failure message: what is missing or wrong, and what to do about it. */
export function schemaProblemMessage(live: LiveSchema, problems: readonly string[]): string {
  const missing = missingTables(live);
  const advice: string[] = [];
  if (missing.length > 0) {
    advice.push(
      "Create the missing tables with `pnpm --filter @refattaches/server migrate` (same DATABASE_URL); " +
        "it only creates tables that do not exist and never alters an existing one.",
    );
  }
  if (problems.length > missing.length) {
    advice.push(
      "Missing or mistyped columns in existing tables mean the database is not an Open Dental " +
        "database of a supported version; this server never alters existing tables.",
    );
  }
  return [
    `The MySQL/MariaDB database "${live.database}" lacks what this server needs:`,
    ...problems.map((problem) => `  - ${problem}`),
    ...advice,
  ].join("\n");
}

/**
 * Whether refattach, referral and patient all have transactions and row locks (InnoDB).
 * Older Open Dental databases may still be MyISAM.
 */
export function isTransactional(live: LiveSchema): boolean {
  return ["refattach", "referral", "patient"].every(
    (name) => live.tables.get(name)?.engine.toLowerCase() === "innodb",
  );
}

/**
 * Values for the table's NOT NULL columns that have no default and that this server does not
 * write (Open Dental adds many such columns), so inserts also work under strict SQL mode.
 * Each gets Open Dental's "empty" value for its type.
 */
export function insertFillers(live: LiveSchema, table: MysqlTable): Map<string, OperationNode> {
  const ours = new Set(table.columns.map((c) => c.name.toLowerCase()));
  const fillers = new Map<string, OperationNode>();
  for (const column of live.columns) {
    if (column.table !== table.name || ours.has(column.name.toLowerCase())) continue;
    if (column.nullable || column.hasDefault || column.autoIncrement || column.generated) continue;
    if (column.dataType === "timestamp") {
      fillers.set(column.name, RawNode.createWithSql("CURRENT_TIMESTAMP"));
      continue;
    }
    const value = emptyValue(column);
    if (value !== undefined) fillers.set(column.name, ValueNode.create(value));
  }
  return fillers;
}

function emptyValue(column: LiveColumn): string | number | undefined {
  switch (column.dataType) {
    case "tinyint":
    case "smallint":
    case "mediumint":
    case "int":
    case "integer":
    case "bigint":
    case "decimal":
    case "float":
    case "double":
    case "bit":
    case "year":
      return 0;
    case "date":
      return "0001-01-01";
    case "datetime":
      return "0001-01-01 00:00:00";
    case "time":
      return "00:00:00";
    case "enum":
      return /^enum\('((?:[^']|'')*)'/.exec(column.columnType)?.[1]?.replaceAll("''", "'");
    case "char":
    case "varchar":
    case "tinytext":
    case "text":
    case "mediumtext":
    case "longtext":
    case "binary":
    case "varbinary":
    case "tinyblob":
    case "blob":
    case "mediumblob":
    case "longblob":
    case "set":
      return "";
    default:
      return undefined;
  }
}
