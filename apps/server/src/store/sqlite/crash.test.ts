// SIGKILL under write load (SQLite): the real process is killed while writing, restarted on
// the same file, and every write it acknowledged is there, as acknowledged; the file passes
// `PRAGMA integrity_check` and the rules' invariants hold.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, expect, it } from "vitest";
import { brokenInvariants } from "../../fuzz/run.js";
import { AUTH } from "../../testing/index.js";
import { type ServerProcess, startServerProcess } from "../../testing/process.js";
import { SqliteDatabase } from "../better-sqlite3.js";
import type { Database } from "../schema.js";

const KILLS = 3;
const WORKERS = 6;
/** Acknowledged writes before each kill, so the kill always meets a server busy writing. */
const WRITES_BEFORE_KILL = 40;

const dir = mkdtempSync(join(tmpdir(), "refattaches-crash-"));
const file = join(dir, "crash.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the clients were told, per RefAttachNum: its Note, or deleted; and what was in flight. */
interface Expected {
  notes: Set<string>;
  acknowledged: string;
  deleted: "yes" | "maybe" | "no";
}

async function call(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      Authorization: AUTH,
      ...(body !== undefined && { "Content-Type": "application/json" }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** One client: creates, updates and deletes its own attachments until the server dies. */
async function worker(url: string, id: string, rows: Map<number, Expected>): Promise<void> {
  const mine: number[] = [];
  for (let i = 0; ; i++) {
    try {
      const choice = i % 5;
      const target = mine[i % Math.max(1, mine.length)];
      if (choice < 3 || target === undefined) {
        const Note = `${id}-${i}`;
        const reply = await call(url, "POST", "/refattaches", {
          PatNum: i % 2 ? 25 : 972,
          referralName: `Crash ${id} ${i}`,
          Note,
        });
        if (reply.status !== 201) throw new Error(`POST answered ${reply.status}`);
        const num = Number(reply.body.RefAttachNum);
        rows.set(num, { notes: new Set([Note]), acknowledged: Note, deleted: "no" });
        mine.push(num);
      } else if (choice === 3) {
        const row = rows.get(target);
        if (row?.deleted !== "no") continue;
        const Note = `${id}-${i} updated`;
        row.notes.add(Note);
        const reply = await call(url, "PUT", `/refattaches/${target}`, { Note });
        if (reply.status !== 200) throw new Error(`PUT answered ${reply.status}`);
        row.acknowledged = Note;
        row.notes = new Set([Note]);
      } else {
        const row = rows.get(target);
        if (row?.deleted !== "no") continue;
        row.deleted = "maybe";
        const reply = await call(url, "DELETE", `/refattaches/${target}`);
        if (reply.status !== 200) throw new Error(`DELETE answered ${reply.status}`);
        row.deleted = "yes";
        mine.splice(mine.indexOf(target), 1);
      }
    } catch (error) {
      // The server was killed: what was in flight stays unacknowledged.
      if (error instanceof TypeError) return;
      throw error;
    }
  }
}

it(`keeps every acknowledged write through ${KILLS} SIGKILLs under write load`, async () => {
  const rows = new Map<number, Expected>();
  let server: ServerProcess | undefined;
  let acknowledgedRows = 0;
  for (let kill = 0; kill < KILLS; kill++) {
    server = startServerProcess({ DATABASE_URL: `sqlite:${file}` }, { dir });
    const url = await server.listening;
    const load = Promise.all(
      Array.from({ length: WORKERS }, (_, w) => worker(url, `k${kill}w${w}`, rows)),
    );
    const target = rows.size + WRITES_BEFORE_KILL;
    await expect
      .poll(() => rows.size, { timeout: 30_000, interval: 20 })
      .toBeGreaterThanOrEqual(target);
    server.child.kill("SIGKILL");
    await server.exited;
    await load;
  }
  // Restarted on the same file, the server opens it and answers.
  server = startServerProcess({ DATABASE_URL: `sqlite:${file}` }, { dir });
  const listed = await call(await server.listening, "GET", "/refattaches?PatNum=25&Limit=1");
  expect(listed.status).toBe(200);
  await server.stop();

  const sqlite = new SqliteDatabase(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    const stored = new Map(
      (await db.selectFrom("refattach").select(["RefAttachNum", "Note"]).execute()).map((r) => [
        Number(r.RefAttachNum),
        r.Note,
      ]),
    );
    for (const [num, row] of rows) {
      acknowledgedRows += 1;
      if (row.deleted === "yes") expect(stored.has(num), `RefAttach ${num} deleted`).toBe(false);
      if (row.deleted === "no") {
        expect(row.notes.has(stored.get(num) ?? ""), `RefAttach ${num} Note`).toBe(true);
      }
    }
    expect(await brokenInvariants(db)).toEqual([]);
  } finally {
    await db.destroy();
  }
  // Every round wrote before its kill.
  expect(acknowledgedRows).toBeGreaterThanOrEqual(KILLS * WRITES_BEFORE_KILL);
}, 120_000);
