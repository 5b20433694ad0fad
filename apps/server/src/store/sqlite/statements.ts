// Kysely's SQLite dialect over better-sqlite3, with two changes: each SQL text is prepared once
// per connection and reused, and transactions begin with BEGIN IMMEDIATE.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  SqliteDriver,
} from "kysely";
import type { SqliteConnection, SqliteStatement } from "../better-sqlite3.js";

/**
 * better-sqlite3 statements are reusable and safe to keep, and preparing one costs more than
 * running a lookup by key, so each SQL text is prepared once per connection. Query texts come
 * from a fixed set of query shapes; the bound only guards against an unexpected variety.
 */
export class StatementCache {
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

/** The dialect the store's Kysely instance runs on: one connection, cached statements. */
export class StoreSqliteDialect extends SqliteDialect {
  readonly #database: SqliteConnection;
  constructor(database: SqliteConnection) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    return new StoreSqliteDriver(this.#database);
  }
}
