// Kysely over a pool of the server's own (pool.ts), with each connection's session set up for
// the locking rules: READ COMMITTED, and a short lock wait.
import { CompiledQuery, Kysely, type KyselyPlugin, MysqlDialect } from "kysely";
import { createPool, type Pool } from "mysql2";
import type { Database } from "../schema.js";
import { directReads, mysqlPoolOptions, serverPool } from "./pool.js";
import type { MysqlSettings } from "./settings.js";
import { type MysqlTarget, parseMysqlUrl } from "./url.js";

/** No typeCast function (see normaliseDates): dates are fixed up once per result. */
const openPool = (target: MysqlTarget, settings: MysqlSettings) =>
  createPool({ ...mysqlPoolOptions(target, settings), typeCast: true });

/** Set-up and migrate: without a per-statement timeout, they wait for the set-up lock as long as it takes. */
export const createKysely = (target: MysqlTarget, settings: MysqlSettings): Kysely<Database> =>
  kyselyOver(openPool(target, settings), settings, [], undefined);

/**
 * The serving store's database: Kysely for the rules' transactions and direct prepared reads
 * (directReads), on one pool, every statement limited to DB_QUERY_TIMEOUT_MS.
 */
export function servingDatabase(
  target: MysqlTarget,
  settings: MysqlSettings,
  plugins: KyselyPlugin[],
) {
  const pool = openPool(target, settings);
  return {
    db: kyselyOver(pool, settings, plugins, settings.queryTimeoutMs),
    read: directReads(pool, settings.queryTimeoutMs),
  };
}

function kyselyOver(
  pool: Pool,
  settings: MysqlSettings,
  plugins: KyselyPlugin[],
  timeoutMs: number | undefined,
): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new MysqlDialect({
      pool: serverPool(pool, timeoutMs),
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

/** A small pool on the database, for tools (the benchmark's query plans); no schema check. */
export function mysqlPoolKysely(url: string, settings: MysqlSettings): Kysely<Database> {
  return createKysely(parseMysqlUrl(url), { ...settings, poolSize: 1, maxIdle: 1 });
}
