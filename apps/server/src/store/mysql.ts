// The MySQL/MariaDB backend: Kysely's MySQL dialect over a mysql2 pool, on Open Dental's own
// tables. Several server processes may share one database: every write runs in a transaction
// that locks the patient row first (READ COMMITTED, so what it reads after the lock is what
// competitors committed), find-or-create of a referral by name holds a named lock, and
// deadlocks and lock timeouts are retried a bounded number of times. A database that cannot
// be reached turns into 503 answers, and the pool reconnects by itself once it answers again.
import { createHash } from "node:crypto";
import {
  ColumnNode,
  CompiledQuery,
  InsertQueryNode,
  Kysely,
  type KyselyPlugin,
  MysqlDialect,
  type MysqlPool,
  type MysqlPoolConnection,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  sql,
  type Transaction,
  type UnknownRow,
  ValueListNode,
  ValueNode,
  ValuesNode,
} from "kysely";
// mysql2 is CommonJS; Node's ESM loader finds createPool among its named exports, not Types.
import mysql2, {
  createPool,
  type FieldPacket,
  type Pool,
  type PoolConnection,
  type PoolOptions,
  type QueryError,
  type QueryOptions,
  type TypeCast,
} from "mysql2";
import { NO_DATE } from "../domain/dates.js";
import { invalid, messages, RuleError } from "../domain/errors.js";
import { silentLogger } from "../logger.js";
import { loadDemoData } from "./demo-data.js";
import { createMysqlTables, MYSQL_TABLES, type MysqlTable } from "./migrations.js";
import {
  insertFillers,
  isTransactional,
  type LiveSchema,
  missingTables,
  readLiveSchema,
  schemaProblemMessage,
  schemaProblems,
} from "./mysql-schema-check.js";
import { createRefAttachStore } from "./refattaches.js";
import { createReferralStore } from "./referrals.js";
import type { Database } from "./schema.js";
import type { Store, StoreDialect, StoreOptions } from "./store.js";

const { Types } = mysql2;

/**
 * The server cannot start on this database or with these settings; the message says why and
 * what to do, and never holds the password.
 */
export class DatabaseStartError extends Error {
  override name = "DatabaseStartError";
}

// ---------------------------------------------------------------------------------------------
// Settings

/** Pool and locking settings; README.md documents the variables that set them. */
export interface MysqlSettings {
  /** DB_POOL_SIZE: connections per server process. */
  poolSize: number;
  /** DB_POOL_MAX_IDLE: idle connections kept open. */
  maxIdle: number;
  /** DB_POOL_IDLE_TIMEOUT_MS: idle connections above maxIdle close after this long. */
  idleTimeoutMs: number;
  /** DB_POOL_QUEUE_LIMIT: requests that may wait for a connection; beyond that, 503. 0 = no limit. */
  queueLimit: number;
  /** DB_CONNECT_TIMEOUT_MS: how long opening one connection may take. */
  connectTimeoutMs: number;
  /** DB_LOCK_WAIT_TIMEOUT_S: how long a write waits for another's lock before it is retried. */
  lockWaitTimeoutSeconds: number;
  /** DB_TRANSACTION_RETRIES: retries of a write after a deadlock or lock wait timeout. */
  transactionRetries: number;
  /**
   * DB_QUERY_TIMEOUT_MS: a statement without an answer for this long fails (503), so a stalled
   * database cannot hold requests. A lock wait longer than this ends the same way.
   */
  queryTimeoutMs: number;
}

export const DEFAULT_MYSQL_SETTINGS: Readonly<MysqlSettings> = {
  poolSize: 10,
  maxIdle: 10,
  idleTimeoutMs: 60_000,
  queueLimit: 500,
  connectTimeoutMs: 5_000,
  // Below queryTimeoutMs, so a lock wait ends as a retryable lock timeout, not as a 503.
  lockWaitTimeoutSeconds: 3,
  transactionRetries: 3,
  queryTimeoutMs: 5_000,
};

/** The connection part of `mysql://user:password@host:port/database[?ssl=true]`. */
export interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  ssl: boolean;
}

export function parseMysqlUrl(databaseUrl: string): MysqlTarget {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new DatabaseStartError(
      "DATABASE_URL is not a valid URL; expected mysql://user:pass@host:port/database",
    );
  }
  if (url.protocol !== "mysql:" && url.protocol !== "mariadb:") {
    throw new DatabaseStartError(`Not a MySQL URL: ${url.protocol}//...; expected mysql://`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database === "" || database.includes("/")) {
    throw new DatabaseStartError(
      "DATABASE_URL must name the database: mysql://user:pass@host:port/database",
    );
  }
  for (const name of url.searchParams.keys()) {
    if (name !== "ssl")
      throw new DatabaseStartError(`Unknown DATABASE_URL parameter "${name}"; only ssl is known`);
  }
  const ssl = url.searchParams.get("ssl");
  if (ssl !== null && ssl !== "true" && ssl !== "false") {
    throw new DatabaseStartError('DATABASE_URL parameter ssl must be "true" or "false"');
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost",
    port: url.port === "" ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    ssl: ssl === "true",
  };
}

/** Where a URL points, for messages: never the user's password. */
function describeTarget(target: MysqlTarget): string {
  return `${target.host}:${target.port}/${target.database}`;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** A named lock (GET_LOCK) that was not granted in time; retried like a lock wait timeout. */
class NamedLockTimeout extends Error {
  override name = "NamedLockTimeout";
  readonly code = "REFATTACHES_NAMED_LOCK_TIMEOUT";
}

interface DriverError {
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
  message?: unknown;
}

const asDriverError = (error: unknown): DriverError =>
  typeof error === "object" && error !== null ? (error as DriverError) : {};

/** ER_LOCK_WAIT_TIMEOUT (1205), ER_LOCK_DEADLOCK (1213), or a named lock not granted. */
function isRetryable(error: unknown): boolean {
  const { errno, code } = asDriverError(error);
  return errno === 1205 || errno === 1213 || code === "REFATTACHES_NAMED_LOCK_TIMEOUT";
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR",
  "PROTOCOL_ENQUEUE_AFTER_QUIT",
]);

/**
 * Too many connections (1040, 1203), shutting down (1053), lock waits that outlasted the
 * retries (1205, 1213), a killed query or connection (1317, 1927), a read-only server during
 * a fail-over (1290, 1792, 1836).
 */
const UNAVAILABLE_ERRNOS = new Set([1040, 1053, 1203, 1205, 1213, 1290, 1317, 1792, 1836, 1927]);

const POOL_MESSAGES = new Set([
  "Queue limit reached.",
  "No connections available.",
  "Pool is closed.",
]);

/** Whether `error` means "the database cannot serve this now" rather than a bug. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof RuleError) return false;
  const { code, errno, fatal, message } = asDriverError(error);
  return (
    fatal === true ||
    (typeof code === "string" && UNAVAILABLE_CODES.has(code)) ||
    (typeof errno === "number" && UNAVAILABLE_ERRNOS.has(errno)) ||
    code === "REFATTACHES_NAMED_LOCK_TIMEOUT" ||
    (typeof message === "string" && POOL_MESSAGES.has(message))
  );
}

/**
 * A value the column cannot hold although the spec allows it: ER_DATA_TOO_LONG (1406), e.g. a
 * Note within 65535 characters but over a `text` column's 65535 bytes, and
 * ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (1366), e.g. an emoji in a utf8mb3 column of an older
 * Open Dental database or a multi-byte character cut at the limit. The driver's message names
 * the column and quotes the value; only the column name is kept.
 */
function unstorableValue(error: unknown): RuleError | undefined {
  const { errno, message } = asDriverError(error);
  if ((errno !== 1406 && errno !== 1366) || typeof message !== "string") return undefined;
  const column = /column (\S+) at row/.exec(message)?.[1]?.split(".").pop()?.replace(/[`'"]/g, "");
  const name = column || "A value";
  return invalid(
    errno === 1406 ? messages.tooLongForColumn(name) : messages.notStorableInColumn(name),
  );
}

/** The error's code only: driver messages can quote a query's values. */
function errorCode(error: unknown): string {
  const { code, errno } = asDriverError(error);
  if (typeof code === "string") return code;
  if (typeof errno === "number") return `errno ${errno}`;
  return error instanceof Error ? error.name : "unknown error";
}

// ---------------------------------------------------------------------------------------------
// Connections

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

/** mysql2 pool options for a target; shared with the test harness. */
export function mysqlPoolOptions(
  target: MysqlTarget,
  settings: MysqlSettings = DEFAULT_MYSQL_SETTINGS,
): PoolOptions {
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
 * Inserts into an Open Dental table also fill the NOT NULL columns that have no default and
 * that this server does not know (from the start-up check), so strict SQL mode accepts them.
 */
class FillOpenDentalColumns implements KyselyPlugin {
  constructor(private readonly fillers: ReadonlyMap<string, ReadonlyMap<string, OperationNode>>) {}

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (!InsertQueryNode.is(node) || !node.columns || !node.values) return node;
    if (!ValuesNode.is(node.values)) return node;
    const fillers = this.fillers.get(node.into?.table.identifier.name ?? "");
    if (!fillers || fillers.size === 0) return node;
    const present = new Set(node.columns.map((c) => c.column.name.toLowerCase()));
    const extra = [...fillers].filter(([name]) => !present.has(name.toLowerCase()));
    if (extra.length === 0) return node;
    const rows = node.values.values.map((row) =>
      ValueListNode.create([
        ...(PrimitiveValueListNode.is(row)
          ? row.values.map((v) => ValueNode.create(v))
          : row.values),
        ...extra.map(([, value]) => value),
      ]),
    );
    return InsertQueryNode.cloneWith(node, {
      columns: [...node.columns, ...extra.map(([name]) => ColumnNode.create(name))],
      values: ValuesNode.create(rows),
    });
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
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
 *   PROTOCOL_SEQUENCE_TIMEOUT, which guard() answers with 503. That connection is closed (the
 *   server rolls back what it had begun), and the pool opens a new one.
 */
function serverPool(pool: Pool, timeoutMs: number | undefined): MysqlPool {
  // Kysely keys its connection state by this object, so each connection keeps one wrapper.
  const wrappers = new WeakMap<PoolConnection, MysqlPoolConnection>();
  const wrap = (connection: PoolConnection): MysqlPoolConnection => {
    let wrapper = wrappers.get(connection);
    if (!wrapper) {
      type Callback = (error: unknown, result?: unknown) => void;
      const finish =
        (callback: Callback) =>
        (error: QueryError | null, result?: unknown, fields?: FieldPacket[]) => {
          // mysql2 leaves the timed-out statement at the head of the connection's queue, so
          // nothing else would ever run on it: close it (which takes it out of the pool).
          if (error?.code === "PROTOCOL_SEQUENCE_TIMEOUT") connection.destroy();
          if (!error && Array.isArray(result) && fields) {
            normaliseDates(result as Record<string, unknown>[], fields);
          }
          callback(error, result);
        };
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

function createKysely(
  target: MysqlTarget,
  settings: MysqlSettings,
  plugins: KyselyPlugin[] = [],
  /** Set-up and migrate wait for the set-up lock as long as it takes; serving does not. */
  timeout: "per query" | "none" = "none",
): Kysely<Database> {
  // No typeCast function (see normaliseDates): dates are fixed up once per result.
  const pool = createPool({ ...mysqlPoolOptions(target, settings), typeCast: true });
  return new Kysely<Database>({
    dialect: new MysqlDialect({
      pool: serverPool(pool, timeout === "per query" ? settings.queryTimeoutMs : undefined),
      // Per connection: reads after a lock see what competitors committed, and a lock wait
      // gives up (and is retried) long before InnoDB's default 50 seconds.
      async onCreateConnection(connection) {
        await connection.executeQuery(
          CompiledQuery.raw("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"),
        );
        await connection.executeQuery(
          CompiledQuery.raw(
            `SET SESSION innodb_lock_wait_timeout = ${settings.lockWaitTimeoutSeconds}`,
          ),
        );
      },
    }),
    plugins,
  });
}

async function getNamedLock(db: Kysely<Database>, name: string, timeoutSeconds: number) {
  const { rows } = await sql<{ granted: number | null }>`
    select get_lock(${name}, ${timeoutSeconds}) as granted`.execute(db);
  if (Number(rows[0]?.granted) !== 1) throw new NamedLockTimeout(`Lock ${name} not granted`);
}

async function releaseNamedLock(db: Kysely<Database>, name: string): Promise<void> {
  try {
    await sql`do release_lock(${name})`.execute(db);
  } catch {
    // The connection is gone, and the lock with it.
  }
}

/** A lock name for this database (GET_LOCK names are server-wide and at most 64 characters). */
function lockName(database: string, purpose: string): string {
  const id = createHash("sha256").update(database).digest("hex").slice(0, 20);
  return `refattaches:${id}:${purpose}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Start-up

async function connectOrExplain(db: Kysely<Database>, target: MysqlTarget): Promise<void> {
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

/** Runs `work` while holding this database's set-up lock, so two starting servers take turns. */
async function withSetupLock<T>(
  db: Kysely<Database>,
  database: string,
  work: (conn: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    const name = lockName(database, "setup");
    await getNamedLock(conn, name, 60);
    try {
      return await work(conn);
    } finally {
      await releaseNamedLock(conn, name);
    }
  });
}

/** A database with no tables at all is new: this server may create its tables there. */
const isEmpty = (live: LiveSchema) => live.tables.size === 0;

async function checkBinlog(db: Kysely<Database>): Promise<string | undefined> {
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

export interface MysqlStoreOptions extends StoreOptions {
  /** `mysql://user:password@host:port/database`. */
  url: string;
  /** Fill a database that has no tables at all with the demo set. Never touches another. */
  demoData?: boolean;
  settings?: Partial<MysqlSettings>;
}

/**
 * Opens a pool on the database, checks that the tables and columns the rules need exist, and
 * returns the Store. A database without any table gets this server's tables (and the demo set
 * when asked); a database with tables is never altered: what is missing stops the start with a
 * message naming it (`migrate` creates missing tables).
 */
export async function openMysqlStore(options: MysqlStoreOptions): Promise<Store> {
  const target = parseMysqlUrl(options.url);
  const settings = { ...DEFAULT_MYSQL_SETTINGS, ...options.settings };
  const logger = options.logger ?? silentLogger();

  const setupDb = createKysely(target, { ...settings, poolSize: 1, maxIdle: 0 });
  let live: LiveSchema;
  try {
    await connectOrExplain(setupDb, target);
    live = await withSetupLock(setupDb, target.database, async (conn) => {
      let current = await readLiveSchema(conn);
      if (isEmpty(current)) {
        await createMysqlTables(conn, missingTables(current));
        if (options.demoData) await loadDemoData(conn);
        current = await readLiveSchema(conn);
      }
      return current;
    });
    const problems = schemaProblems(live);
    if (problems.length > 0) throw new DatabaseStartError(schemaProblemMessage(live, problems));
    const transactional = isTransactional(live);
    const binlogProblem = transactional ? await checkBinlog(setupDb) : undefined;
    if (binlogProblem) {
      throw new DatabaseStartError(`MySQL/MariaDB at ${describeTarget(target)}: ${binlogProblem}`);
    }
  } finally {
    await setupDb.destroy();
  }

  const fillers = new Map(
    MYSQL_TABLES.map((table): [string, ReadonlyMap<string, OperationNode>] => [
      table.name,
      insertFillers(live, table),
    ]),
  );
  const db = createKysely(target, settings, [new FillOpenDentalColumns(fillers)], "per query");
  const dialect = createMysqlDialect(db, {
    database: live.database,
    transactional: isTransactional(live),
    settings,
  });
  const rules = {
    ...createRefAttachStore(db, dialect, options),
    ...createReferralStore(db, dialect, options),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
  };

  // Unavailable spells are logged once when they start and once when they end, by code only.
  let unavailableSince: number | undefined;
  async function guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      if (unavailableSince !== undefined) {
        logger.info({ unavailableMs: Date.now() - unavailableSince }, "database available again");
        unavailableSince = undefined;
      }
      return result;
    } catch (error) {
      const unstorable = unstorableValue(error);
      if (unstorable) throw unstorable;
      if (!isUnavailable(error)) throw error;
      if (unavailableSince === undefined) {
        unavailableSince = Date.now();
        logger.warn(
          { code: errorCode(error), database: `${target.host}:${target.port}` },
          "database unavailable; answering 503 until it responds",
        );
      }
      const unavailable = new RuleError("Unavailable", messages.databaseUnavailable);
      unavailable.cause = error;
      throw unavailable;
    }
  }

  return { ...guardEach(rules, guard), close: () => db.destroy() };
}

/** Every method of `methods`, each run through `guard`. */
function guardEach<T extends object>(
  methods: T,
  guard: <R>(operation: () => Promise<R>) => Promise<R>,
): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(methods)) {
    const call = method as (...args: unknown[]) => Promise<unknown>;
    guarded[name] = (...args: unknown[]) => guard(() => call(...args));
  }
  return guarded as T;
}

export interface MysqlDialectOptions {
  database: string;
  /** The tables are InnoDB: row locks and transactions exist. */
  transactional: boolean;
  settings: Pick<MysqlSettings, "lockWaitTimeoutSeconds" | "transactionRetries">;
}

/**
 * How the shared rules run on MySQL. InnoDB: each write is one READ COMMITTED transaction
 * with row locks, plus a named lock around creating a referral by name. Without InnoDB
 * (older Open Dental databases are MyISAM) there are neither transactions nor row locks, so
 * writes of all server processes take turns under one named lock instead.
 */
export function createMysqlDialect(
  db: Kysely<Database>,
  options: MysqlDialectOptions,
): StoreDialect {
  const { lockWaitTimeoutSeconds, transactionRetries } = options.settings;
  const writeLock = lockName(options.database, "write");
  const referralLock = lockName(options.database, "referral");
  /** Named locks taken inside each running transaction, released once it has ended. */
  const held = new WeakMap<Transaction<Database>, string[]>();

  async function attempt<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return db.connection().execute(async (conn) => {
      const locks: string[] = [];
      if (!options.transactional) {
        await getNamedLock(conn, writeLock, lockWaitTimeoutSeconds);
        locks.push(writeLock);
      }
      try {
        return await conn.transaction().execute(async (trx) => {
          held.set(trx, locks);
          return work(trx);
        });
      } finally {
        for (const name of locks.reverse()) await releaseNamedLock(conn, name);
      }
    });
  }

  return {
    rowLocks: options.transactional,
    indexesDateTStamp: false,
    read: async (query) => (await db.executeQuery(query)).rows,
    async referralsNamed(trx, name) {
      // Both sides through the database's own lower(): a superset of the exact rule, which
      // the caller applies. No Open Dental index covers LName, so this reads the table.
      return trx
        .selectFrom("referral")
        .select(["ReferralNum", "LName"])
        .where((eb) => eb(eb.fn("lower", ["LName"]), "=", eb.fn("lower", [eb.val(name)])))
        .orderBy("ReferralNum")
        .execute();
    },
    async transaction(work) {
      for (let retry = 0; ; retry++) {
        try {
          return await attempt(work);
        } catch (error) {
          if (retry >= transactionRetries || !isRetryable(error)) throw error;
          // Back off a little, randomly, so the competitors do not collide again.
          await sleep(5 + Math.random() * 20 * 2 ** retry);
        }
      }
    },
    ...(options.transactional && {
      async lockReferralCreation(trx: Transaction<Database>) {
        await getNamedLock(trx, referralLock, lockWaitTimeoutSeconds);
        held.get(trx)?.push(referralLock);
      },
    }),
  };
}

/** A small pool on the database, for tools (the benchmark's query plans); no schema check. */
export function mysqlPoolKysely(url: string): Kysely<Database> {
  return createKysely(parseMysqlUrl(url), { ...DEFAULT_MYSQL_SETTINGS, poolSize: 1, maxIdle: 1 });
}

// ---------------------------------------------------------------------------------------------
// migrate

export interface MysqlMigrateResult {
  database: string;
  /** Tables this run created. */
  created: MysqlTable["name"][];
  /** What still stops the server (columns missing from existing tables); empty when ready. */
  problems: string[];
  message?: string;
}

/**
 * The explicit `migrate` command: creates this server's tables that do not exist, in Open
 * Dental's types, and reports what else is missing. Never alters an existing table and never
 * loads demo data.
 */
export async function migrateMysql(
  url: string,
  settings: Partial<MysqlSettings> = {},
): Promise<MysqlMigrateResult> {
  const target = parseMysqlUrl(url);
  const db = createKysely(target, { ...DEFAULT_MYSQL_SETTINGS, ...settings, poolSize: 1 });
  try {
    await connectOrExplain(db, target);
    return await withSetupLock(db, target.database, async (conn) => {
      const created = missingTables(await readLiveSchema(conn));
      await createMysqlTables(conn, created);
      const live = await readLiveSchema(conn);
      const problems = schemaProblems(live);
      return {
        database: live.database,
        created,
        problems,
        ...(problems.length > 0 && { message: schemaProblemMessage(live, problems) }),
      };
    });
  } finally {
    await db.destroy();
  }
}
