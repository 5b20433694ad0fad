// Named locks (GET_LOCK): what serialises work that row locks cannot, across every server
// process on the database (set-up, creating a referral by name, writes to MyISAM tables).
import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";
import { NamedLockTimeout } from "./errors.js";

export async function getNamedLock(db: Kysely<Database>, name: string, timeoutSeconds: number) {
  const { rows } = await sql<{ granted: number | null }>`
    select get_lock(${name}, ${timeoutSeconds}) as granted`.execute(db);
  if (Number(rows[0]?.granted) !== 1) throw new NamedLockTimeout(`Lock ${name} not granted`);
}

export async function releaseNamedLock(db: Kysely<Database>, name: string): Promise<void> {
  try {
    await sql`do release_lock(${name})`.execute(db);
  } catch {
    // The connection is gone, and the lock with it.
  }
}

/** A lock name for this database (GET_LOCK names are server-wide and at most 64 characters). */
export function lockName(database: string, purpose: string): string {
  const id = createHash("sha256").update(database).digest("hex").slice(0, 20);
  return `refattaches:${id}:${purpose}`;
}

/** Runs `work` while holding this database's set-up lock, so two starting servers take turns. */
export async function withSetupLock<T>(
  db: Kysely<Database>,
  database: string,
  work: (conn: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    const name = lockName(database, "setup");
    await getNamedLock(conn, name, 60);
    try {
      return await work(conn);
    } finally {
      await releaseNamedLock(conn, name);
    }
  });
}
