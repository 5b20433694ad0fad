// The embedded default backend: one SQLite file through better-sqlite3, in WAL mode.
// Writes go through Kysely on one connection (Kysely's mutex serialises them); reads that run
// outside a transaction use a second, read-only connection, so they see committed rows only
// and never queue behind a writer. On both, each SQL text is prepared once and reused.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  Migrator,
  type QueryResult,
  SqliteDialect,
  SqliteDriver,
  sql,
} from "kysely";
import { referralNameKey } from "../domain/referral-name.js";
import { silentLogger } from "../logger.js";
import { type SqliteConnection, SqliteDatabase, type SqliteStatement } from "./better-sqlite3.js";
import { compileShape } from "./compiled.js";
import { loadDemoData } from "./demo-data.js";
import { migrations } from "./migrations.js";
import { createRefAttachStore } from "./refattaches.js";
import { createReferralStore } from "./referrals.js";
import type { Database, SqliteReferralNameKey } from "./schema.js";
import {
  checkIntact,
  checkWritable,
  DEFAULT_QUICK_CHECK_MAX_MB,
  openProblem,
} from "./sqlite-startup.js";
import type { Store, StoreDialect, StoreOptions } from "./store.js";

/**
 * better-sqlite3 statements are reusable and safe to keep, and preparing one costs more than
 * running a lookup by key, so each SQL text is prepared once per connection. Query texts come
 * from a fixed set of query shapes; the bound only guards against an unexpected variety.
 */
class StatementCache {
  static readonly MAX = 500;
  readonly #statements = new Map<string, SqliteStatement>();
  constructor(readonly database: SqliteConnection) {}

  get(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.database.prepare(sql);
      if (this.#statements.size >= StatementCache.MAX) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

/** Kysely's SQLite connection, over cached statements. */
class CachedStatementConnection implements DatabaseConnection {
  constructor(private readonly statements: StatementCache) {}

  async executeQuery<R>({ sql, parameters }: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.statements.get(sql);
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>({ sql, parameters }: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    for (const row of this.statements.get(sql).iterate(parameters)) yield { rows: [row as R] };
  }
}

/**
 * Kysely opens SQLite transactions with a deferred BEGIN, which lets two processes both read
 * and then fail to upgrade to a writer. BEGIN IMMEDIATE takes the write lock up front, so
 * every check-then-write transaction runs alone (other writers wait up to busy_timeout).
 */
class StoreSqliteDriver extends SqliteDriver {
  readonly #connection: CachedStatementConnection;
  constructor(database: SqliteConnection) {
    super({ database });
    this.#connection = new CachedStatementConnection(new StatementCache(database));
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    // The base driver's mutex still hands the one connection to one user at a time.
    await super.acquireConnection();
    return this.#connection;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class StoreSqliteDialect extends SqliteDialect {
  readonly #database: SqliteConnection;
  constructor(database: SqliteConnection) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    return new StoreSqliteDriver(this.#database);
  }
}

/** How much of the file the read connection maps into memory (address space, not RSS). */
export const READ_MMAP_BYTES = 256 * 1024 * 1024;

export interface SqliteStoreOptions extends StoreOptions {
  /** Path of the database file; created with its folder when missing. */
  file: string;
  /** Fill a newly created database with the demo set. Never touches an existing one. */
  demoData?: boolean;
  /** `PRAGMA quick_check` at start-up on files up to this size; 0: never. */
  quickCheckMaxMb?: number;
}

/**
 * Opens the file (after the start-up checks), creates or updates its tables (Kysely
 * migrations) and returns the handles.
 */
export async function openSqliteDatabase(
  options: SqliteStoreOptions,
): Promise<{ sqlite: SqliteConnection; db: Kysely<Database> }> {
  const { file } = options;
  const inMemory = file === ":memory:";
  let sqlite: SqliteConnection | undefined;
  try {
    if (!inMemory) {
      mkdirSync(dirname(file), { recursive: true });
      checkWritable(file);
    }
    sqlite = new SqliteDatabase(file);
    // WAL with synchronous=NORMAL: a commit does not wait for fsync. A process crash loses
    // nothing; a power loss or OS crash may lose the last transactions (never corrupts).
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
  let reader: SqliteConnection | undefined;
  if (options.file !== ":memory:") {
    reader = new SqliteDatabase(options.file, { readonly: true, fileMustExist: true });
    reader.pragma("busy_timeout = 5000");
    // Reads pages straight from the mapped file instead of copying each through read(): about
    // twice as fast for a page of rows spread over a large file. Only reads are mapped.
    reader.pragma(`mmap_size = ${READ_MMAP_BYTES}`);
  }
  const readStatements = reader && new StatementCache(reader);

  const keyed = db.withTables<SqliteReferralNameKey>();
  const named = compileShape<
    { key: string },
    { ReferralNum: number; LName: string; LNameKey: string | null }
  >(["key"], (slots) =>
    keyed
      .selectFrom("referral")
      .select(["ReferralNum", "LName", "LNameKey"])
      .where((eb) => eb.or([eb("LNameKey", "=", slots.key), eb("LNameKey", "is", null)]))
      .orderBy("ReferralNum"),
  );
  const setKey = compileShape<{ key: string; ReferralNum: number }, never>(
    ["key", "ReferralNum"],
    (slots) =>
      keyed
        .updateTable("referral")
        .set({ LNameKey: slots.key })
        .where("ReferralNum", "=", slots.ReferralNum),
  );

  const dialect: StoreDialect = {
    rowLocks: false,
    indexesDateTStamp: true,
    transaction: (work) => db.transaction().execute(work),
    read: readStatements
      ? async <R>({ sql, parameters }: CompiledQuery<R>) =>
          readStatements.get(sql).all(parameters) as R[]
      : async (query) => (await db.executeQuery(query)).rows,
    async referralsNamed(trx, name) {
      const { rows } = await trx.executeQuery(named.bind({ key: referralNameKey(name) }));
      for (const row of rows) {
        if (row.LNameKey !== null) continue;
        // Written by another program: key it now, inside this write transaction.
        const key = referralNameKey(row.LName);
        await trx.executeQuery(setKey.bind({ key, ReferralNum: row.ReferralNum }));
      }
      return rows;
    },
    async referralNamed(trx, referralNum, LName) {
      await trx.executeQuery(
        setKey.bind({ key: referralNameKey(LName), ReferralNum: referralNum }),
      );
    },
  };
  return {
    ...createRefAttachStore(db, dialect, options),
    ...createReferralStore(db, dialect, options),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    async close() {
      reader?.close();
      await db.destroy();
    },
  };
}
