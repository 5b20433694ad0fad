// The databases every server test runs against. A backend that cannot run here says why,
// and its tests are skipped with that one line instead of failing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, MysqlDialect, SqliteDialect, sql } from "kysely";
import { createPool } from "mysql2";
import { defaultConfig } from "../config.js";
import { SqliteDatabase } from "../store/better-sqlite3.js";
import { mysqlPoolOptions } from "../store/mysql/pool.js";
import { parseMysqlUrl } from "../store/mysql/url.js";
import type { Database } from "../store/schema.js";

export interface TestDatabase {
  /** DATABASE_URL for the server under test. */
  url: string;
  /** A separate connection, to seed rows the API cannot create and to check what is stored. */
  db: Kysely<Database>;
  drop(): Promise<void>;
}

export interface TestBackend {
  name: string;
  /** Why this backend cannot run here; undefined when it can. */
  skipReason?: string;
  /** A fresh database that no other test uses; the server creates its tables. */
  create(): Promise<TestDatabase>;
}

export const sqliteBackend: TestBackend = {
  name: "sqlite",
  async create() {
    const dir = mkdtempSync(join(tmpdir(), "refattaches-test-"));
    const file = join(dir, "test.sqlite");
    let db: Kysely<Database> | undefined;
    return {
      url: `sqlite:${file}`,
      // Opened lazily: the server must be the one that creates the file.
      get db() {
        db ??= new Kysely<Database>({
          dialect: new SqliteDialect({ database: new SqliteDatabase(file) }),
        });
        return db;
      },
      async drop() {
        await db?.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** MariaDB/MySQL for the tests, e.g. `mysql://root@127.0.0.1:3306/test` (.ci/run sets it). */
export const MYSQL_URL = process.env.MYSQL_URL;

const TEST_DATABASE_PREFIX = "refattaches_test_";
/** Databases left behind by a run that was killed are dropped once they are this old. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;
let databasesCreated = 0;
let staleDropped = false;

/** A plain Kysely on `url` over a pool of `connections`, with the server's pool options. */
function mysqlKysely<DB>(url: string, connections: number): Kysely<DB> {
  const options = mysqlPoolOptions(parseMysqlUrl(url), defaultConfig().mysql);
  return new Kysely<DB>({
    dialect: new MysqlDialect({ pool: createPool({ ...options, connectionLimit: connections }) }),
  });
}

/** A connection (one-connection pool) to the server MYSQL_URL names, for CREATE/DROP DATABASE. */
export function mysqlAdmin(url: string): Kysely<unknown> {
  return mysqlKysely(url, 1);
}

/** MYSQL_URL with another database name. */
export function mysqlUrlFor(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  next.search = new URL(url).search;
  return next.toString();
}

/** A database name no other test, run or process uses: prefix, creation time, pid, counter. */
function uniqueDatabaseName(): string {
  databasesCreated += 1;
  const random = Math.floor(Math.random() * 36 ** 4).toString(36);
  return `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${process.pid}_${databasesCreated}_${random}`;
}

async function dropStaleDatabases(admin: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select SCHEMA_NAME as name from information_schema.SCHEMATA
    where SCHEMA_NAME like ${`${TEST_DATABASE_PREFIX.replaceAll("_", "\\_")}%`}`.execute(admin);
  for (const { name } of rows) {
    const created = Number.parseInt(
      name.slice(TEST_DATABASE_PREFIX.length).split("_")[0] ?? "",
      36,
    );
    if (Number.isFinite(created) && Date.now() - created > STALE_AFTER_MS) {
      await sql`drop database if exists ${sql.id(name)}`.execute(admin);
    }
  }
}

/**
 * Creates an empty, uniquely named database on the MYSQL_URL server and returns its URL;
 * `drop` removes it. For tests that build their own tables (e.g. Open Dental's layout).
 */
export async function createMysqlTestDatabase(
  url: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = uniqueDatabaseName();
  const admin = mysqlAdmin(url);
  try {
    if (!staleDropped) {
      staleDropped = true;
      await dropStaleDatabases(admin);
    }
    await sql`create database ${sql.id(name)} character set utf8mb4 collate utf8mb4_general_ci`.execute(
      admin,
    );
  } finally {
    await admin.destroy();
  }
  return {
    url: mysqlUrlFor(url, name),
    name,
    async drop() {
      const dropper = mysqlAdmin(url);
      try {
        await sql`drop database if exists ${sql.id(name)}`.execute(dropper);
      } finally {
        await dropper.destroy();
      }
    },
  };
}

/** A Kysely on a test database that reads dates as the strings stored, like the server. */
export function mysqlTestKysely(url: string): Kysely<Database> {
  return mysqlKysely(url, 4);
}

export const mysqlBackend: TestBackend = {
  name: "mysql",
  ...(MYSQL_URL ? {} : { skipReason: "MYSQL_URL is not set; MariaDB tests skipped" }),
  async create() {
    if (!MYSQL_URL) throw new Error("MYSQL_URL is not set; MariaDB tests skipped");
    const database = await createMysqlTestDatabase(MYSQL_URL);
    let db: Kysely<Database> | undefined;
    return {
      url: database.url,
      // Opened lazily, like SQLite's: the server creates the tables.
      get db() {
        db ??= mysqlTestKysely(database.url);
        return db;
      },
      async drop() {
        await db?.destroy();
        await database.drop();
      },
    };
  },
};

export const backends: TestBackend[] = [sqliteBackend, mysqlBackend];
