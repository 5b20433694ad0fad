// The bulk loader: fills a database (SQLite or MySQL/MariaDB, as DATABASE_URL names it) with
// realistic rows through the server's own schema. Rows go in as multi-row INSERTs compiled
// once by Kysely, many per transaction; keys continue after the rows already there.

import { type CompiledQuery, Kysely, MysqlDialect, SqliteDialect } from "kysely";
import { createPool } from "mysql2";
import { SqliteDatabase, type SqliteStatement } from "../store/better-sqlite3.js";
import { isMysqlUrl, resolveSqliteFile } from "../store/database-url.js";
import { mysqlPoolOptions } from "../store/mysql/pool.js";
import type { MysqlSettings } from "../store/mysql/settings.js";
import { parseMysqlUrl } from "../store/mysql/url.js";
import { type DatabaseConfig, openStore } from "../store/open.js";
import type { Database, SqliteReferralNameKey } from "../store/schema.js";
import {
  patientRow,
  type RefAttachLayout,
  refAttachRow,
  referralCount,
  referralRow,
} from "./rows.js";

export interface SeedOptions {
  patients: number;
  refattaches: number;
  /** Patients (after the others) that get no refattaches, e.g. for write benchmarks. */
  sparePatients?: number;
  /** Add to a database that already holds patients other than the demo set. */
  append?: boolean;
  /** Called as rows go in: what is being loaded, how many of how many. */
  progress?: (table: string, done: number, total: number) => void;
}

/** Key ranges of what was loaded, inclusive; the benchmark picks its requests from them. */
export interface SeedResult {
  patients: { first: number; last: number };
  sparePatients: { first: number; last: number };
  referrals: { first: number; last: number; names: string[] };
  refattaches: { first: number; last: number };
  providers: number[];
  /** A DateTStamp with about 50 of the loaded refattaches changed after it. */
  recentDateTStamp: string;
}

export class SeedError extends Error {
  override name = "SeedError";
}

/** The demo set holds three patients; more means someone's data. */
const DEMO_PATIENTS = 3;
/** Rows per INSERT statement (SQLite allows 32766 parameters per statement). */
const ROWS_PER_INSERT = 500;
/** Rows per transaction. */
const ROWS_PER_TRANSACTION = 50_000;

interface BulkWriter {
  db: Kysely<Database>;
  /** Runs a compiled INSERT of many rows with these flat parameters. */
  run(query: CompiledQuery, parameters: unknown[]): Promise<void>;
  transaction(work: () => Promise<void>): Promise<void>;
  /** The referral lookup key (SQLite only, see sqlite/migrations.ts). */
  keysReferralNames: boolean;
  close(): Promise<void>;
}

function sqliteWriter(file: string): BulkWriter {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  // A large page cache keeps the indexes being filled in memory while loading.
  sqlite.pragma("cache_size = -262144");
  const statements = new Map<string, SqliteStatement>();
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    async run(query, parameters) {
      let statement = statements.get(query.sql);
      if (!statement) {
        statement = sqlite.prepare(query.sql);
        statements.set(query.sql, statement);
      }
      statement.run(parameters);
    },
    async transaction(work) {
      sqlite.exec("begin immediate");
      try {
        await work();
        sqlite.exec("commit");
      } catch (error) {
        sqlite.exec("rollback");
        throw error;
      }
    },
    keysReferralNames: true,
    async close() {
      sqlite.close();
    },
  };
}

function mysqlWriter(url: string, settings: MysqlSettings): BulkWriter {
  const pool = createPool({
    ...mysqlPoolOptions(parseMysqlUrl(url), settings),
    connectionLimit: 1,
  });
  const query = (sql: string, values: unknown[] = []) =>
    new Promise<void>((resolve, reject) =>
      pool.query(sql, values, (error) => (error ? reject(error) : resolve())),
    );
  return {
    db: new Kysely<Database>({ dialect: new MysqlDialect({ pool }) }),
    run: (compiled, parameters) => query(compiled.sql, parameters),
    async transaction(work) {
      // One connection in the pool: these statements all run on it, in order.
      await query("start transaction");
      try {
        await work();
        await query("commit");
      } catch (error) {
        await query("rollback");
        throw error;
      }
    },
    keysReferralNames: false,
    close: () => new Promise((resolve) => pool.end(() => resolve())),
  };
}

async function nextKey(
  db: Kysely<Database>,
  table: "patient" | "referral" | "provider" | "refattach",
): Promise<number> {
  const key = {
    patient: "PatNum",
    referral: "ReferralNum",
    provider: "ProvNum",
    refattach: "RefAttachNum",
  } as const;
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max(key[table]).as("max"))
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/**
 * Inserts `count` rows made by `make`, ROWS_PER_INSERT per statement compiled once by
 * Kysely (the last, shorter statement compiled for its size), ROWS_PER_TRANSACTION per
 * transaction.
 */
async function insertRows<R extends Record<string, unknown>>(
  writer: BulkWriter,
  table: string,
  count: number,
  make: (i: number) => R,
  compileInsert: (rows: R[]) => CompiledQuery,
  progress: SeedOptions["progress"],
): Promise<void> {
  const compiled = new Map<number, CompiledQuery>();
  const statementFor = (rows: R[]) => {
    let query = compiled.get(rows.length);
    if (!query) {
      query = compileInsert(rows);
      compiled.set(rows.length, query);
    }
    return query;
  };
  progress?.(table, 0, count);
  for (let start = 0; start < count; start += ROWS_PER_TRANSACTION) {
    const end = Math.min(count, start + ROWS_PER_TRANSACTION);
    await writer.transaction(async () => {
      for (let from = start; from < end; from += ROWS_PER_INSERT) {
        const rows: R[] = [];
        const parameters: unknown[] = [];
        for (let i = from; i < Math.min(end, from + ROWS_PER_INSERT); i++) {
          const row = make(i);
          rows.push(row);
          for (const value of Object.values(row)) parameters.push(value);
        }
        const query = statementFor(rows);
        if (query.parameters.length !== parameters.length) {
          throw new Error(`Insert into ${table} compiled with another column count`);
        }
        await writer.run(query, parameters);
      }
    });
    progress?.(table, end, count);
  }
}

/** Loads rows into `database`, opened with its settings (from the configuration). */
export async function seedDatabase(
  database: DatabaseConfig,
  options: SeedOptions,
): Promise<SeedResult> {
  const { databaseUrl } = database;
  const { patients, refattaches, sparePatients = 0, progress } = options;
  if (patients < 1) throw new SeedError("--patients must be at least 1");

  // Opening the store creates or migrates the tables exactly as the server does.
  const store = await openStore(databaseUrl, database);
  await store.close();
  const writer = isMysqlUrl(databaseUrl)
    ? mysqlWriter(databaseUrl, database.mysql)
    : sqliteWriter(resolveSqliteFile(databaseUrl));
  const { db } = writer;
  try {
    const existing = await db
      .selectFrom("patient")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirst();
    if (Number(existing?.count) > DEMO_PATIENTS && !options.append) {
      throw new SeedError(
        `the database already holds ${existing?.count} patients; seed fills new or demo ` +
          "databases only (pass --append to add to this one)",
      );
    }
    const firstPatNum = await nextKey(db, "patient");
    const firstReferralNum = await nextKey(db, "referral");
    const firstProvNum = await nextKey(db, "provider");
    const firstRefAttachNum = await nextKey(db, "refattach");
    const perPatient = Math.ceil(refattaches / patients);
    const referrals = referralCount(patients, perPatient);
    const providers = Array.from({ length: 10 }, (_, i) => firstProvNum + i);

    await insertRows(
      writer,
      "provider",
      providers.length,
      (i) => ({
        ProvNum: firstProvNum + i,
        Abbr: `DOC${i + 1}`,
        LName: "Provider",
        FName: `P${i + 1}`,
      }),
      (rows) => db.insertInto("provider").values(rows).compile(),
      progress,
    );
    await insertRows(
      writer,
      "patient",
      patients + sparePatients,
      (i) => patientRow(firstPatNum + i),
      (rows) => db.insertInto("patient").values(rows).compile(),
      progress,
    );
    const keyed = db.withTables<SqliteReferralNameKey>();
    const names: string[] = [];
    await insertRows(
      writer,
      "referral",
      referrals,
      (i) => {
        const { row, LNameKey } = referralRow(firstReferralNum + i, i);
        names.push(row.LName);
        return writer.keysReferralNames ? { ...row, LNameKey } : row;
      },
      (rows) => keyed.insertInto("referral").values(rows).compile(),
      progress,
    );
    const layout: RefAttachLayout = {
      count: refattaches,
      firstRefAttachNum,
      firstPatNum,
      patients,
      firstReferralNum,
      referrals,
      providers,
    };
    await insertRows(
      writer,
      "refattach",
      refattaches,
      (i) => refAttachRow(layout, i),
      (rows) => db.insertInto("refattach").values(rows).compile(),
      progress,
    );
    return {
      patients: { first: firstPatNum, last: firstPatNum + patients - 1 },
      sparePatients: {
        first: firstPatNum + patients,
        last: firstPatNum + patients + sparePatients - 1,
      },
      referrals: { first: firstReferralNum, last: firstReferralNum + referrals - 1, names },
      refattaches: { first: firstRefAttachNum, last: firstRefAttachNum + refattaches - 1 },
      providers,
      recentDateTStamp:
        refattaches > 0
          ? String(refAttachRow(layout, Math.max(0, refattaches - 51)).DateTStamp)
          : "",
    };
  } finally {
    await writer.close();
  }
}
