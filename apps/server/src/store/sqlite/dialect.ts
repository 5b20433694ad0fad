// How the shared rules run on SQLite: each write is one BEGIN IMMEDIATE transaction on the
// write connection, which holds the file's one write lock (so no row locks are needed), and
// reads outside a transaction run as cached statements on the read-only connection.
import type { CompiledQuery, Kysely } from "kysely";
import type { Database } from "../schema.js";
import type { StoreDialect } from "../store.js";
import { nameKeyLookup } from "./name-key.js";
import type { StatementCache } from "./statements.js";

/** `readStatements`: the read connection's statements; without (`:memory:`), reads use `db`. */
export function createSqliteDialect(
  db: Kysely<Database>,
  readStatements: StatementCache | undefined,
): StoreDialect {
  return {
    rowLocks: false,
    indexesDateTStamp: true,
    transaction: (work) => db.transaction().execute(work),
    read: readStatements
      ? async <R>({ sql, parameters }: CompiledQuery<R>) =>
          readStatements.get(sql).all(parameters) as R[]
      : async (query) => (await db.executeQuery(query)).rows,
    ...nameKeyLookup(db),
  };
}
