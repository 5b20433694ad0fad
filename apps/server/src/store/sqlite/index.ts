// The embedded default backend: one SQLite file through better-sqlite3, in WAL mode, with a
// write connection and a read-only one (connection.ts); on both, each SQL text is prepared
// once and reused (statements.ts).
import { Kysely, Migrator, sql } from "kysely";
import { Outbox } from "../../events/outbox.js";
import { silentLogger } from "../../logger.js";
import type { SqliteConnection } from "../better-sqlite3.js";
import { loadDemoData } from "../demo-data.js";
import { createRefAttachStore } from "../refattaches.js";
import { createReferralStore } from "../referrals.js";
import type { Database } from "../schema.js";
import type { Store, StoreOptions } from "../store.js";
import { createSubscriptionStore } from "../subscriptions.js";
import { openReadConnection, openWriteConnection } from "./connection.js";
import { createSqliteDialect } from "./dialect.js";
import { migrations } from "./migrations.js";
import { openProblem } from "./startup-checks.js";
import { StatementCache, StoreSqliteDialect } from "./statements.js";

export interface SqliteStoreOptions extends StoreOptions {
  /** Path of the database file; created with its folder when missing. */
  file: string;
  /** Fill a newly created database with the demo set. Never touches an existing one. */
  demoData: boolean;
  /** `PRAGMA quick_check` at start-up on files up to this size; 0: never. */
  quickCheckMaxMb: number;
}

/**
 * Opens the file (after the start-up checks), creates or updates its tables (Kysely
 * migrations) and returns the handles.
 */
export async function openSqliteDatabase(
  options: SqliteStoreOptions,
): Promise<{ sqlite: SqliteConnection; db: Kysely<Database> }> {
  const { file } = options;
  const sqlite = openWriteConnection(
    file,
    options.quickCheckMaxMb,
    options.logger ?? silentLogger(),
  );
  const db = new Kysely<Database>({ dialect: new StoreSqliteDialect(sqlite) });
  try {
    const isNew = (await db.introspection.getTables()).length === 0;
    const { error } = await new Migrator({ db, provider: migrations }).migrateToLatest();
    if (error) throw error;
    if (isNew && options.demoData) await loadDemoData(db);
  } catch (error) {
    await db.destroy();
    throw openProblem(file, error);
  }
  return { sqlite, db };
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const { db } = await openSqliteDatabase(options);
  const reader = options.file === ":memory:" ? undefined : openReadConnection(options.file);
  // The one clock every process on the file shares, as epoch milliseconds.
  const clockMs = sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
  const outbox = new Outbox(db, clockMs);
  const dialect = outbox.notifying(createSqliteDialect(db, reader && new StatementCache(reader)));
  const rules = { ...options, events: outbox };
  return {
    ...createRefAttachStore(db, dialect, rules),
    ...createReferralStore(db, dialect, rules),
    ...createSubscriptionStore(db, dialect, clockMs, options),
    changeEvents: {
      db,
      transaction: dialect.transaction,
      rowLocks: false,
      clockMs,
      onCommit: (listener) => outbox.onCommit(listener),
    },
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    async close() {
      reader?.close();
      await db.destroy();
    },
  };
}
