// What a DATABASE_URL names: a MySQL/MariaDB database or an SQLite file.
import { resolve } from "node:path";

/** `mysql://` (or `mariadb://`) URLs name a MySQL/MariaDB database, e.g. Open Dental's. */
export function isMysqlUrl(databaseUrl: string): boolean {
  return /^(mysql|mariadb):\/\//i.test(databaseUrl);
}

/** The file an `sqlite:PATH` or `file:PATH` URL names (`:memory:` too); undefined for other forms. */
export function sqliteFileOf(databaseUrl: string): string | undefined {
  const match = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(databaseUrl);
  return match?.[1];
}

/** The SQLite file a non-MySQL DATABASE_URL names, resolved from the working directory. */
export function resolveSqliteFile(databaseUrl: string): string {
  const sqlitePath = sqliteFileOf(databaseUrl);
  if (sqlitePath === undefined) {
    throw new Error(
      `Unsupported DATABASE_URL ${redact(databaseUrl)}; use sqlite:PATH, file:PATH or mysql://`,
    );
  }
  return sqlitePath === ":memory:" ? sqlitePath : resolve(sqlitePath);
}

/** A database URL without its password, for messages. */
export function redact(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
