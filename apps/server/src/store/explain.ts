// The plans the database chooses for each list query, as the benchmark reports them: proof
// that each page is read through an index, and (on MySQL) which of Open Dental's indexes.

import { isMysqlUrl, resolveSqliteFile } from "./database-url.js";
import { mysqlPoolKysely } from "./mysql/connection.js";
import { type DatabaseConfig, openStore } from "./open.js";
import { compileListShape } from "./refattaches.js";
import { openSqliteDatabase } from "./sqlite/index.js";

export interface QueryPlan {
  /** The query string of the request, e.g. `?PatNum=`. */
  request: string;
  sql: string;
  /** One line per plan step, as the database states it. */
  plan: string[];
}

export interface PlanValues {
  PatNum: number;
  ReferralNum: number;
  DateTStamp: string;
}

const LIST_REQUESTS = [
  { request: "?PatNum=", filters: ["PatNum"] },
  { request: "?ReferralNum=", filters: ["ReferralNum"] },
  { request: "?DateTStamp= (few changed rows)", filters: ["DateTStamp"], sortRecent: true },
  { request: "?DateTStamp= (many changed rows)", filters: ["DateTStamp"] },
  { request: "(no filter)", filters: [] },
] as const;

/** The plans on an existing database (never filled with the demo set). */
export async function explainListQueries(
  database: Omit<DatabaseConfig, "demoData">,
  values: PlanValues,
): Promise<QueryPlan[]> {
  const { databaseUrl } = database;
  const bound = { ...values, limit: 100, offset: 0 };
  if (!isMysqlUrl(databaseUrl)) {
    const { sqlite, db } = await openSqliteDatabase({
      file: resolveSqliteFile(databaseUrl),
      demoData: false,
      quickCheckMaxMb: database.sqliteQuickCheckMaxMb,
    });
    try {
      return LIST_REQUESTS.map(({ request, filters, ...options }) => {
        // As the SQLite dialect writes them (StoreDialect.boundLimitReprepares).
        const shape = compileListShape(db, filters, { ...options, boundLimitReprepares: true });
        const query = shape.bind(bound);
        const rows = sqlite.prepare(`explain query plan ${query.sql}`).all(query.parameters) as {
          detail: string;
        }[];
        return { request, sql: query.sql, plan: rows.map((row) => row.detail) };
      });
    } finally {
      await db.destroy();
    }
  }
  // Opening the store first checks the tables, as the server does.
  await (await openStore(databaseUrl, database)).close();
  const db = mysqlPoolKysely(databaseUrl, database.mysql);
  try {
    const plans: QueryPlan[] = [];
    for (const { request, filters } of LIST_REQUESTS.filter((r) => !("sortRecent" in r))) {
      const query = compileListShape(db, filters).bind(bound);
      const { rows } = await db.executeQuery<Record<string, unknown>>({
        ...query,
        sql: `explain ${query.sql}`,
      });
      plans.push({
        request,
        sql: query.sql,
        plan: rows.map((row) =>
          `${row.table}: type=${row.type} key=${row.key ?? "none"} rows=${row.rows} ${row.Extra ?? ""}`.trim(),
        ),
      });
    }
    return plans;
  } finally {
    await db.destroy();
  }
}
