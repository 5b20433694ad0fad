// Picks the backend from DATABASE_URL.
import { resolve } from "node:path";
import { type MysqlSettings, openMysqlStore } from "./mysql.js";
import { openSqliteStore } from "./sqlite.js";
import type { Store, StoreOptions } from "./store.js";

export const DEFAULT_DATABASE_URL = "sqlite:./data/refattaches.sqlite";

export interface OpenStoreOptions extends StoreOptions {
  demoData?: boolean;
  /** MySQL/MariaDB pool and locking settings (config.ts reads them from DB_*). */
  mysql?: MysqlSettings;
}

/** `mysql://` (or `mariadb://`) URLs name a MySQL/MariaDB database, e.g. Open Dental's. */
export function isMysqlUrl(databaseUrl: string): boolean {
  return /^(mysql|mariadb):\/\//i.test(databaseUrl);
}

/** The file an `sqlite:PATH` or `file:PATH` URL names (`:memory:` too); undefined for other forms. */
export function sqliteFileOf(databaseUrl: string): string | undefined {
  const match = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(databaseUrl);
  return match?.[1];
}

/**
 * `sqlite:PATH` (or `file:PATH`) opens an SQLite file, relative paths from the working
 * directory. `mysql://user:pass@host:port/db` opens a MySQL/MariaDB database.
 */
export async function openStore(
  databaseUrl: string,
  options: OpenStoreOptions = {},
): Promise<Store> {
  if (isMysqlUrl(databaseUrl)) {
    const { mysql, ...rest } = options;
    return openMysqlStore({ ...rest, url: databaseUrl, ...(mysql && { settings: mysql }) });
  }
  const sqlitePath = sqliteFileOf(databaseUrl);
  if (sqlitePath === undefined) {
    throw new Error(
      `Unsupported DATABASE_URL ${redact(databaseUrl)}; use sqlite:PATH, file:PATH or mysql://`,
    );
  }
  return openSqliteStore({
    ...options,
    file: sqlitePath === ":memory:" ? sqlitePath : resolve(sqlitePath),
  });
}

/** A database URL without its password, for messages. */
export function redact(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
