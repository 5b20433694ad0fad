// Start-up refuses an SQLite file it could not serve properly: exit 1 with a message that
// names the path and the problem, before listening. Permissions only bind non-root users, so
// those cases run the server as `nobody` when the tests run as root.
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  logEntries,
  processDir,
  type ServerProcess,
  startServerProcess,
  unprivilegedSkipReason,
} from "../../testing/process.js";
import { SqliteDatabase } from "../better-sqlite3.js";

const running: ServerProcess[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

function start(dir: string, file: string, env: Record<string, string> = {}, unprivileged = false) {
  const server = startServerProcess(
    { DATABASE_URL: `sqlite:${file}`, DEMO_DATA: "0", ...env },
    { dir, unprivileged },
  );
  running.push(server);
  return server;
}

/** A database with one table of `rows` rows of about 1 KB each, closed again. */
function createDatabase(file: string, rows: number): void {
  const db = new SqliteDatabase(file);
  db.pragma("journal_mode = WAL");
  db.exec("create table filler (id integer primary key, text text)");
  const insert = db.prepare("insert into filler (text) values (?)");
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`${i}`.padEnd(1000, "."));
  })();
  db.close();
}

/** Overwrites part of the database's third page, below the schema on page one. */
function damage(file: string): void {
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, 2 * 4096 + 64);
  closeSync(fd);
}

async function refusal(server: ServerProcess): Promise<string> {
  expect(await server.exited).toBe(1);
  return server.output();
}

if (unprivilegedSkipReason) console.warn(unprivilegedSkipReason);

describe("SQLite start-up checks", () => {
  it.skipIf(unprivilegedSkipReason)(
    "refuses a file it cannot write (a WAL beside it), naming the file",
    async () => {
      const dir = processDir();
      const file = join(dir, "readonly.sqlite");
      const db = new SqliteDatabase(file);
      db.pragma("journal_mode = WAL");
      db.exec("create table kept (id integer primary key)");
      db.exec("insert into kept values (1)");
      const wal = readFileSync(`${file}-wal`);
      db.close();
      writeFileSync(`${file}-wal`, wal);
      chmodSync(file, 0o444);
      const output = await refusal(start(dir, file, {}, true));
      expect(output).toContain(
        `error: SQLite database ${file}: ${file} cannot be opened read-write (EACCES)`,
      );
    },
  );

  it.skipIf(unprivilegedSkipReason)(
    "refuses a new file in a folder it cannot write, naming the folder",
    async () => {
      const dir = processDir();
      const folder = join(dir, "locked");
      mkdirSync(folder, { mode: 0o555 });
      const file = join(folder, "new.sqlite");
      const output = await refusal(start(dir, file, {}, true));
      expect(output).toContain(
        `error: SQLite database ${file}: its folder ${folder} is not writable (EACCES)`,
      );
    },
  );

  it("refuses a file whose pages are damaged, saying what quick_check found", async () => {
    const dir = processDir();
    const file = join(dir, "damaged.sqlite");
    createDatabase(file, 50);
    damage(file);
    const output = await refusal(start(dir, file));
    expect(output).toMatch(
      new RegExp(`^error: SQLite database ${file}: PRAGMA quick_check found damage: .+`, "m"),
    );
  });

  it("refuses a file that is not an SQLite database at all", async () => {
    const dir = processDir();
    const file = join(dir, "notes.sqlite");
    writeFileSync(file, "Dear Dr. Bokish, ".repeat(100));
    const output = await refusal(start(dir, file));
    expect(output).toContain(
      `error: SQLite database ${file}: file is not a database (SQLITE_NOTADB)`,
    );
    expect(output).not.toContain("Bokish");
  });

  it("skips quick_check on files over SQLITE_QUICK_CHECK_MAX_MB (0: always), saying so", async () => {
    const damagedCopy = () => {
      const dir = processDir();
      const file = join(dir, "large.sqlite");
      // About 2 MB, over a limit of 1 MB; the damage shows the check really did not run.
      createDatabase(file, 2000);
      damage(file);
      return { dir, file };
    };
    const large = damagedCopy();
    const server = start(large.dir, large.file, { SQLITE_QUICK_CHECK_MAX_MB: "1" });
    await server.listening;
    expect(logEntries(server.output())).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: "SQLite quick_check skipped: the file is larger than SQLITE_QUICK_CHECK_MAX_MB",
        file: large.file,
        maxMb: 1,
      }),
    );
    const never = damagedCopy();
    await start(never.dir, never.file, { SQLITE_QUICK_CHECK_MAX_MB: "0" }).listening;
  });
});
