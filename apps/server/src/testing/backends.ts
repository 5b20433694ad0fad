// The databases every server test runs against. A backend that cannot run here says why,
// and its tests are skipped with that one line instead of failing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "../store/schema.js";

export interface TestDatabase {
  /** DATABASE_URL for the server under test. */
  url: string;
  /** A separate connection, to seed rows the API cannot create and to check what is stored. */
  db: Kysely<Database>;
  drop(): Promise<void>;
}

export interface TestBackend {
  name: string;
  /** Why this backend cannot run here; undefined when it can. */
  skipReason?: string;
  /** A fresh database that no other test uses; the server creates its tables. */
  create(): Promise<TestDatabase>;
}

export const sqliteBackend: TestBackend = {
  name: "sqlite",
  async create() {
    const dir = mkdtempSync(join(tmpdir(), "refattaches-test-"));
    const file = join(dir, "test.sqlite");
    let db: Kysely<Database> | undefined;
    return {
      url: `sqlite:${file}`,
      // Opened lazily: the server must be the one that creates the file.
      get db() {
        db ??= new Kysely<Database>({
          dialect: new SqliteDialect({ database: new SqliteDatabase(file) }),
        });
        return db;
      },
      async drop() {
        await db?.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const backends: TestBackend[] = [sqliteBackend];
