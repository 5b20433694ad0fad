// How the shared rules run on SQLite: each write is one BEGIN IMMEDIATE transaction on the
// write connection, which holds the file's one write lock (so no row locks are needed), and
// reads outside a transaction run as cached statements on the read-only connection.
import { CompiledQuery, type Kysely } from "kysely";
import type { BoundQuery } from "../compiled.js";
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
    boundLimitReprepares: true,
    transaction: (work) => db.transaction().execute(work),
    read: readStatements
      ? async <R>({ sql, parameters }: BoundQuery<R>) =>
          readStatements.get(sql).all(parameters) as R[]
      : async <R>({ sql, parameters }: BoundQuery<R>) =>
          (await db.executeQuery<R>(CompiledQuery.raw(sql, [...parameters]))).rows,
    ...nameKeyLookup(db),
  };
}
