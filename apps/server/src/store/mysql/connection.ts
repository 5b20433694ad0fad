// Kysely over a pool of the server's own (pool.ts), with each connection's session set up for
// the locking rules: READ COMMITTED, and a short lock wait.
import { CompiledQuery, Kysely, type KyselyPlugin, MysqlDialect } from "kysely";
import { createPool } from "mysql2";
import type { Database } from "../schema.js";
import { mysqlPoolOptions, serverPool } from "./pool.js";
import type { MysqlSettings } from "./settings.js";
import { type MysqlTarget, parseMysqlUrl } from "./url.js";

export function createKysely(
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

/** A small pool on the database, for tools (the benchmark's query plans); no schema check. */
export function mysqlPoolKysely(url: string, settings: MysqlSettings): Kysely<Database> {
  return createKysely(parseMysqlUrl(url), { ...settings, poolSize: 1, maxIdle: 1 });
}
