// The embedded default backend: one SQLite file through better-sqlite3, in WAL mode.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  Migrator,
  SqliteDialect,
  SqliteDriver,
  sql,
} from "kysely";
import { silentLogger } from "../logger.js";
import { loadDemoData } from "./demo-data.js";
import { migrations } from "./migrations.js";
import { createRefAttachStore } from "./refattaches.js";
import { createReferralStore } from "./referrals.js";
import type { Database } from "./schema.js";
import {
  checkIntact,
  checkWritable,
  DEFAULT_QUICK_CHECK_MAX_MB,
  openProblem,
} from "./sqlite-startup.js";
import type { Store, StoreDialect, StoreOptions } from "./store.js";

/**
 * Kysely opens SQLite transactions with a deferred BEGIN, which lets two processes both read
 * and then fail to upgrade to a writer. BEGIN IMMEDIATE takes the write lock up front, so
 * every check-then-write transaction runs alone (other writers wait up to busy_timeout).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase.Database;
  constructor(database: SqliteDatabase.Database) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

export interface SqliteStoreOptions extends StoreOptions {
  /** Path of the database file; created with its folder when missing. */
  file: string;
  /** Fill a newly created database with the demo set. Never touches an existing one. */
  demoData?: boolean;
  /** `PRAGMA quick_check` at start-up on files up to this size; 0: never. */
  quickCheckMaxMb?: number;
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const { file } = options;
  const inMemory = file === ":memory:";
  let sqlite: SqliteDatabase.Database | undefined;
  try {
    if (!inMemory) {
      mkdirSync(dirname(file), { recursive: true });
      checkWritable(file);
    }
    sqlite = new SqliteDatabase(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    if (!inMemory) {
      const maxMb = options.quickCheckMaxMb ?? DEFAULT_QUICK_CHECK_MAX_MB;
      checkIntact(sqlite, file, maxMb, options.logger ?? silentLogger());
    }
  } catch (error) {
    sqlite?.close();
    throw openProblem(file, error);
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });

  try {
    const isNew = (await db.introspection.getTables()).length === 0;
    const { error } = await new Migrator({ db, provider: migrations }).migrateToLatest();
    if (error) throw error;
    if (isNew && options.demoData) await loadDemoData(db);
  } catch (error) {
    await db.destroy();
    throw openProblem(file, error);
  }

  const dialect: StoreDialect = {
    rowLocks: false,
    transaction: (work) => db.transaction().execute(work),
  };
  return {
    ...createRefAttachStore(db, dialect, options),
    ...createReferralStore(db, dialect, options),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
