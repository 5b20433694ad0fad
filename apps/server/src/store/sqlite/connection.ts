// The two connections to the file and their pragmas. Writes go through one connection in WAL
// mode (Kysely's mutex serialises them); reads that run outside a transaction use a second,
// read-only connection, so they see committed rows only and never queue behind a writer.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "../../logger.js";
import { type SqliteConnection, SqliteDatabase } from "../better-sqlite3.js";
import { checkIntact, checkWritable, openProblem } from "./startup-checks.js";

/** How long a statement waits for another process's lock before it fails with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/** How much of the file the read connection maps into memory (address space, not RSS). */
const READ_MMAP_BYTES = 256 * 1024 * 1024;

/**
 * The write connection, after the start-up checks (`quickCheckMaxMb`: `PRAGMA quick_check` on
 * files up to this size; 0: never). Creates the file and its folder when missing.
 */
export function openWriteConnection(
  file: string,
  quickCheckMaxMb: number,
  logger: Logger,
): SqliteConnection {
  const inMemory = file === ":memory:";
  let sqlite: SqliteConnection | undefined;
  try {
    if (!inMemory) {
      mkdirSync(dirname(file), { recursive: true });
      checkWritable(file);
    }
    sqlite = new SqliteDatabase(file);
    // WAL with synchronous=NORMAL: a commit does not wait for fsync. A process crash loses
    // nothing; a power loss or OS crash may lose the last transactions (never corrupts).
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma("synchronous = NORMAL");
    if (!inMemory) checkIntact(sqlite, file, quickCheckMaxMb, logger);
    return sqlite;
  } catch (error) {
    sqlite?.close();
    throw openProblem(file, error);
  }
}

/** The read-only connection to a file the write connection has opened. */
export function openReadConnection(file: string): SqliteConnection {
  const reader = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Reads pages straight from the mapped file instead of copying each through read(): about
  // twice as fast for a page of rows spread over a large file. Only reads are mapped.
  reader.pragma(`mmap_size = ${READ_MMAP_BYTES}`);
  return reader;
}
