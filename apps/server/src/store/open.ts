// Picks the backend from DATABASE_URL.
import { resolve } from "node:path";
import { mysqlSettingsFromEnv, openMysqlStore } from "./mysql.js";
import { openSqliteStore } from "./sqlite.js";
import type { Store, StoreOptions } from "./store.js";

export const DEFAULT_DATABASE_URL = "sqlite:./data/refattaches.sqlite";

export interface OpenStoreOptions extends StoreOptions {
  demoData?: boolean;
}

/** `mysql://` (or `mariadb://`) URLs name a MySQL/MariaDB database, e.g. Open Dental's. */
export function isMysqlUrl(databaseUrl: string): boolean {
  return /^(mysql|mariadb):\/\//i.test(databaseUrl);
}

/**
 * `sqlite:PATH` (or `file:PATH`, or a bare path) opens an SQLite file, relative paths from
 * the working directory. `mysql://user:pass@host:port/db` opens a MySQL/MariaDB database,
 * with pool settings from the DB_* environment variables (documented in README.md).
 */
export async function openStore(
  databaseUrl: string,
  options: OpenStoreOptions = {},
): Promise<Store> {
  if (isMysqlUrl(databaseUrl)) {
    return openMysqlStore({
      ...options,
      url: databaseUrl,
      settings: mysqlSettingsFromEnv(process.env),
    });
  }
  return openSqliteStore({ ...options, file: sqliteFileOf(databaseUrl) });
}

/** The SQLite file a non-MySQL DATABASE_URL names, resolved from the working directory. */
export function sqliteFileOf(databaseUrl: string): string {
  const sqlitePath = databaseUrl.replace(/^(sqlite|file):(\/\/)?/, "");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(sqlitePath)) {
    throw new Error(
      `Unsupported DATABASE_URL scheme in ${redact(databaseUrl)}; use sqlite:PATH or mysql://`,
    );
  }
  return sqlitePath === ":memory:" ? sqlitePath : resolve(sqlitePath);
}

/** A database URL without its password, for messages. */
export function redact(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
