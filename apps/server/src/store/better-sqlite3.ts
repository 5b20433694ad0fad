// The SQLite driver for this Node line. better-sqlite3 12 aborts the process on Node 24.19+
// when a statement is garbage-collected (`Assertion failed: (env) != nullptr`,
// WiseLibs/better-sqlite3#1515); 13 fixes it and ships Node-API binaries for every Node in its
// package, but needs Node 22 and crashes on 20. So: 13 on Node 22 and later, 12 on Node 20.
// Every use in the repository imports the driver from here.
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";

export type SqliteConnection = BetterSqlite3.Database;
export type SqliteStatement = BetterSqlite3.Statement;

const nodeMajor = Number(process.versions.node.split(".")[0]);

/** The package this process loads: "better-sqlite3-13" (an alias of 13) or "better-sqlite3" (12). */
export const SQLITE_DRIVER = nodeMajor >= 22 ? "better-sqlite3-13" : "better-sqlite3";

/** better-sqlite3's Database constructor; both versions share the API the server uses. */
export const SqliteDatabase: typeof BetterSqlite3 = createRequire(import.meta.url)(SQLITE_DRIVER);
