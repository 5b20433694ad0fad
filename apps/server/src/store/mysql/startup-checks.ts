// What is checked before the server serves a MySQL/MariaDB database (besides its tables, in
// schema-check.ts), so a wrong URL, user or server setting stops the start with a message
// that says what to do, instead of a server that answers every request with 503 or 500.
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";
import { asDriverError, DatabaseStartError, errorCode } from "./errors.js";
import { describeTarget, type MysqlTarget } from "./url.js";

/** One round trip; a failure names where it looked and what to check. */
export async function connectOrExplain(db: Kysely<Database>, target: MysqlTarget): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const { errno } = asDriverError(error);
    const where = describeTarget(target);
    if (errno === 1049) {
      throw new DatabaseStartError(
        `MySQL/MariaDB at ${target.host}:${target.port} has no database "${target.database}"; ` +
          "create it (CREATE DATABASE ... CHARACTER SET utf8mb4) or fix DATABASE_URL",
      );
    }
    if (errno === 1044 || errno === 1045) {
      throw new DatabaseStartError(
        `MySQL/MariaDB at ${where} refused the user "${target.user}" (${errorCode(error)}); ` +
          "check the user and password in DATABASE_URL and the user's grants",
      );
    }
    throw new DatabaseStartError(
      `Cannot reach MySQL/MariaDB at ${where} (${errorCode(error)}); ` +
        "check that the database server runs and DATABASE_URL points at it",
    );
  }
}

/** Statement-based binary logging cannot log the READ COMMITTED transactions writes run in. */
export async function checkBinlog(db: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ logBin: number | string; format: string | null }>`
    select @@log_bin as logBin, @@binlog_format as format`.execute(db);
  const row = rows[0];
  if (row && Number(row.logBin) === 1 && row.format?.toUpperCase() === "STATEMENT") {
    return (
      "binary logging uses binlog_format=STATEMENT, which cannot log READ COMMITTED " +
      "transactions; set binlog_format to MIXED or ROW"
    );
  }
  return undefined;
}
