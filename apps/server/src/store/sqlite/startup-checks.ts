// What is checked before the server serves an SQLite file, so a file it cannot write or
// that is damaged stops the start with a message naming the path and the problem, instead of
// a server that answers every write (or every request) with 500.
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "../../logger.js";
import type { SqliteConnection } from "../better-sqlite3.js";

/** The server cannot use this SQLite file; the message names the path and the problem. */
export class SqliteStartError extends Error {
  override name = "SqliteStartError";
  constructor(file: string, problem: string) {
    super(`SQLite database ${file}: ${problem}`);
  }
}

function unwritable(path: string): string | undefined {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? "not writable";
  }
}

/**
 * Before opening: SQLite opens a file it cannot write read-only without a word, and needs
 * to create its -wal and -shm files beside it, so the file, those files and the folder must
 * all be writable.
 */
export function checkWritable(file: string): void {
  const folder = dirname(file);
  const folderProblem = unwritable(folder);
  if (folderProblem) {
    throw new SqliteStartError(
      file,
      `its folder ${folder} is not writable (${folderProblem}); the server creates the ` +
        "database and its -wal and -shm files there",
    );
  }
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    const problem = existsSync(path) ? unwritable(path) : undefined;
    if (problem)
      throw new SqliteStartError(file, `${path} cannot be opened read-write (${problem})`);
  }
}

/** `PRAGMA quick_check` on files up to `maxMb` (0: never); larger ones are logged as unchecked. */
export function checkIntact(
  sqlite: SqliteConnection,
  file: string,
  maxMb: number,
  logger: Logger,
): void {
  if (maxMb === 0) return;
  const sizeMb = Math.ceil(statSync(file).size / (1024 * 1024));
  if (sizeMb > maxMb) {
    logger.warn(
      { file, sizeMb, maxMb },
      "SQLite quick_check skipped: the file is larger than SQLITE_QUICK_CHECK_MAX_MB",
    );
    return;
  }
  // The first few problems are enough to say the file is damaged.
  const rows = sqlite.pragma("quick_check(5)") as { quick_check: string }[];
  const found = rows.map((row) => row.quick_check);
  if (found.length !== 1 || found[0] !== "ok") {
    throw new SqliteStartError(
      file,
      `PRAGMA quick_check found damage: ${found.join("; ")}. Restore a backup, or recover ` +
        "the data with the sqlite3 shell's .recover command",
    );
  }
}

/** An error while opening the file, reworded to name it (SQLite's own messages do not). */
export function openProblem(file: string, error: unknown): Error {
  if (error instanceof SqliteStartError) return error;
  const { message, code } = error as { message?: string; code?: string };
  return new SqliteStartError(file, `${message ?? String(error)}${code ? ` (${code})` : ""}`);
}
