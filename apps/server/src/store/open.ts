// Picks the backend from DATABASE_URL and hands it the settings the configuration resolved.
import { defaultConfig } from "../config.js";
import { isMysqlUrl, resolveSqliteFile } from "./database-url.js";
import { openMysqlStore } from "./mysql/index.js";
import type { MysqlSettings } from "./mysql/settings.js";
import { openSqliteStore } from "./sqlite/index.js";
import type { Store, StoreOptions } from "./store.js";

/** How a store is opened: the part of the configuration (config.ts) the backends read. */
export interface StoreSettings {
  /** Fill a newly created database (one without tables) with the demo set. */
  demoData: boolean;
  /** SQLite: `PRAGMA quick_check` at start-up on files up to this size; 0: never. */
  sqliteQuickCheckMaxMb: number;
  /** MySQL/MariaDB pool and locking settings. */
  mysql: MysqlSettings;
}

/** A database and how to open it: what the server, the seed loader and the bench pass on. */
export interface DatabaseConfig extends StoreSettings {
  /** `sqlite:PATH`, `file:PATH` or `mysql://user:pass@host:port/db`. */
  databaseUrl: string;
}

/**
 * Settings left out are the configuration's defaults (defaultConfig()), except the demo set:
 * a store fills a new database with it only when asked.
 */
export type OpenStoreOptions = Partial<StoreSettings> & StoreOptions;

/**
 * `sqlite:PATH` (or `file:PATH`) opens an SQLite file, relative paths from the working
 * directory. `mysql://user:pass@host:port/db` opens a MySQL/MariaDB database.
 */
export async function openStore(
  databaseUrl: string,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const defaults = defaultConfig();
  const { now, logger } = options;
  const demoData = options.demoData ?? false;
  if (isMysqlUrl(databaseUrl)) {
    return openMysqlStore({
      url: databaseUrl,
      demoData,
      settings: options.mysql ?? defaults.mysql,
      now,
      logger,
    });
  }
  return openSqliteStore({
    file: resolveSqliteFile(databaseUrl),
    demoData,
    quickCheckMaxMb: options.sqliteQuickCheckMaxMb ?? defaults.sqliteQuickCheckMaxMb,
    now,
    logger,
  });
}
