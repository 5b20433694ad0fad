// `pnpm --filter @refattaches/server migrate`: creates this server's tables in the database
// DATABASE_URL names. On MySQL/MariaDB only tables that do not exist are created, in Open
// Dental's types; an existing table is never altered, and no demo data is loaded. Exits 1,
// naming what is missing, when existing tables still lack columns the server needs.
import { ConfigError, loadConfig } from "./config.js";
import { isMysqlUrl, redact } from "./store/database-url.js";
import { DatabaseStartError } from "./store/mysql/errors.js";
import { migrateMysql } from "./store/mysql/migrate.js";
import { openStore } from "./store/open.js";

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const { databaseUrl: url, mysql } = config;
  if (!isMysqlUrl(url)) {
    // SQLite keeps a migration ledger; opening the file brings it up to date.
    const store = await openStore(url, { ...config, demoData: false });
    await store.close();
    console.log(`SQLite database ${redact(url)} is up to date`);
    return 0;
  }
  const result = await migrateMysql(url, mysql);
  console.log(
    result.created.length > 0
      ? `created tables ${result.created.join(", ")} in database "${result.database}"`
      : `no tables to create in database "${result.database}"`,
  );
  if (result.message) {
    console.error(`error: ${result.message}`);
    return 1;
  }
  console.log("the database has every table and column this server needs");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Start-up and configuration errors carry their explanation; anything else is a bug.
    const explained = error instanceof DatabaseStartError || error instanceof ConfigError;
    console.error(explained ? `error: ${error.message}` : error);
    process.exit(1);
  },
);
