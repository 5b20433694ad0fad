// The mysql2 pool: its options, and the wrapper through which Kysely runs each statement
// (prepared statements, dates as strings, a per-statement timeout).
import type { MysqlPool, MysqlPoolConnection } from "kysely";
// mysql2 is CommonJS; Node's ESM loader finds createPool among its named exports, not Types.
import mysql2, {
  type FieldPacket,
  type Pool,
  type PoolConnection,
  type PoolOptions,
  type QueryError,
  type QueryOptions,
  type TypeCast,
} from "mysql2";
import { NO_DATE } from "../../domain/dates.js";
import type { BoundQuery } from "../compiled.js";
import type { MysqlSettings } from "./settings.js";
import type { MysqlTarget } from "./url.js";

const { Types } = mysql2;

/**
 * DATE, DATETIME and TIMESTAMP as the strings the database holds, so no time zone can move
 * them; MySQL's zero dates read as Open Dental's "no date".
 */
const keepDatesAsStrings: TypeCast = (field, next) => {
  if (field.type === "DATE" || field.type === "NEWDATE") {
    const value = field.string();
    return value === null || !value.startsWith("0000") ? value : NO_DATE;
  }
  if (field.type === "DATETIME" || field.type === "TIMESTAMP") {
    const value = field.string();
    if (value === null) return null;
    return value.startsWith("0000") ? `${NO_DATE} 00:00:00` : value.slice(0, 19);
  }
  return next();
};

/**
 * keepDatesAsStrings, applied to a whole result after it is read. The server's own pool uses
 * this instead of the typeCast: mysql2 cannot cache the row parser it generates for prepared
 * statements when a typeCast function is set, which made each read of a page about five to
 * twenty times slower.
 */
function normaliseDates(rows: Record<string, unknown>[], fields: readonly FieldPacket[]): void {
  for (const field of fields) {
    const type = field.columnType ?? field.type;
    const isDate = type === Types.DATE || type === Types.NEWDATE;
    const isDateTime = type === Types.DATETIME || type === Types.TIMESTAMP;
    if (!isDate && !isDateTime) continue;
    for (const row of rows) {
      const value = row[field.name];
      if (typeof value !== "string") continue;
      if (value.startsWith("0000")) row[field.name] = isDate ? NO_DATE : `${NO_DATE} 00:00:00`;
      else if (isDateTime && value.length > 19) row[field.name] = value.slice(0, 19);
    }
  }
}

/** mysql2 pool options for a target; shared with the seed loader and the test harness. */
export function mysqlPoolOptions(target: MysqlTarget, settings: MysqlSettings): PoolOptions {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ...(target.ssl && { ssl: {} }),
    charset: "utf8mb4_general_ci",
    connectionLimit: settings.poolSize,
    maxIdle: Math.min(settings.maxIdle, settings.poolSize),
    idleTimeout: settings.idleTimeoutMs,
    queueLimit: settings.queueLimit,
    waitForConnections: true,
    connectTimeout: settings.connectTimeoutMs,
    enableKeepAlive: true,
    keepAliveInitialDelay: 10_000,
    dateStrings: true,
    typeCast: keepDatesAsStrings,
    supportBigNumbers: true,
    bigNumberStrings: false,
  };
}

/**
 * The pool as Kysely sees it, with three changes to each statement:
 * - one with parameters runs as a server-side prepared statement (mysql2's `execute`, which
 *   prepares each SQL text once per connection and caches it), so the database parses each
 *   query shape once per connection, not per request; statements without parameters (BEGIN,
 *   SET SESSION) keep the plain text protocol;
 * - DATE, DATETIME and TIMESTAMP values are fixed up once per result (normaliseDates);
 * - with `timeoutMs`, mysql2's per-query timeout: a database that stalls instead of refusing
 *   (a hung server, a paused proxy) fails the statement after `timeoutMs` with
 *   PROTOCOL_SEQUENCE_TIMEOUT, which the store's guard answers with 503. That connection is
 *   closed (the server rolls back what it had begun), and the pool opens a new one.
 */
type Callback = (error: unknown, result?: unknown) => void;

/** A statement's callback: dates fixed up, and a connection whose statement timed out closed. */
const finishOn =
  (connection: PoolConnection, callback: Callback) =>
  (error: QueryError | null, result?: unknown, fields?: FieldPacket[]) => {
    // mysql2 leaves the timed-out statement at the head of the connection's queue, so
    // nothing else would ever run on it: close it (which takes it out of the pool).
    if (error?.code === "PROTOCOL_SEQUENCE_TIMEOUT") connection.destroy();
    if (!error && Array.isArray(result) && fields) {
      normaliseDates(result as Record<string, unknown>[], fields);
    }
    callback(error, result);
  };

/**
 * Reads straight from the pool, as prepared statements with the same date handling and
 * timeout as serverPool: the store's reads outside transactions (StoreDialect.read), which
 * need none of Kysely's connection management.
 */
export function directReads(pool: Pool, timeoutMs: number) {
  return <R>({ sql, parameters }: BoundQuery<R>): Promise<R[]> =>
    new Promise((resolve, reject) => {
      pool.getConnection((error, connection) => {
        if (error) return reject(error);
        const settle = finishOn(connection, (failure, rows) =>
          failure ? reject(failure) : resolve(rows as R[]),
        );
        const options = { sql, values: [...parameters], timeout: timeoutMs };
        connection.execute(options, (failure: QueryError | null, rows, fields) => {
          // finishOn closes a connection whose statement timed out; any other goes back.
          if (failure?.code !== "PROTOCOL_SEQUENCE_TIMEOUT") connection.release();
          settle(failure, rows, fields);
        });
      });
    });
}

export function serverPool(pool: Pool, timeoutMs: number | undefined): MysqlPool {
  // Kysely keys its connection state by this object, so each connection keeps one wrapper.
  const wrappers = new WeakMap<PoolConnection, MysqlPoolConnection>();
  const wrap = (connection: PoolConnection): MysqlPoolConnection => {
    let wrapper = wrappers.get(connection);
    if (!wrapper) {
      const finish = (callback: Callback) => finishOn(connection, callback);
      wrapper = {
        query: ((sql: string, values: unknown[], callback?: Callback) => {
          const options: QueryOptions = {
            sql,
            values,
            ...(timeoutMs !== undefined && { timeout: timeoutMs }),
          };
          if (!callback) return connection.query(options);
          if (values.length === 0) return connection.query(options, finish(callback));
          return connection.execute(options, finish(callback));
        }) as unknown as MysqlPoolConnection["query"],
        release: () => connection.release(),
      };
      wrappers.set(connection, wrapper);
    }
    return wrapper;
  };
  return {
    getConnection: (callback) =>
      pool.getConnection((error, connection) =>
        callback(error, error ? (connection as unknown as MysqlPoolConnection) : wrap(connection)),
      ),
    end: (callback) => pool.end(callback),
  };
}
