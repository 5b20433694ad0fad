// The StoreDialect of MySQL/MariaDB: how its writes are serialised and retried.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../schema.js";
import type { StoreDialect } from "../store.js";
import { isRetryable } from "./errors.js";
import { getNamedLock, lockName, releaseNamedLock } from "./locks.js";
import type { MysqlSettings } from "./settings.js";

export interface MysqlDialectOptions {
  /** Reads outside transactions, straight from the pool (pool.ts directReads). */
  read: StoreDialect["read"];
  database: string;
  /** The tables are InnoDB: row locks and transactions exist. */
  transactional: boolean;
  settings: Pick<MysqlSettings, "lockWaitTimeoutSeconds" | "transactionRetries">;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How the shared rules run on MySQL. InnoDB: each write is one READ COMMITTED transaction
 * with row locks, plus a named lock around creating a referral by name. Without InnoDB
 * (older Open Dental databases are MyISAM) there are neither transactions nor row locks, so
 * writes of all server processes take turns under one named lock instead.
 */
export function createMysqlDialect(
  db: Kysely<Database>,
  options: MysqlDialectOptions,
): StoreDialect {
  const { lockWaitTimeoutSeconds, transactionRetries } = options.settings;
  const writeLock = lockName(options.database, "write");
  const referralLock = lockName(options.database, "referral");
  /** Named locks taken inside each running transaction, released once it has ended. */
  const held = new WeakMap<Transaction<Database>, string[]>();

  async function attempt<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return db.connection().execute(async (conn) => {
      const locks: string[] = [];
      if (!options.transactional) {
        await getNamedLock(conn, writeLock, lockWaitTimeoutSeconds);
        locks.push(writeLock);
      }
      try {
        return await conn.transaction().execute(async (trx) => {
          held.set(trx, locks);
          return work(trx);
        });
      } finally {
        for (const name of locks.reverse()) await releaseNamedLock(conn, name);
      }
    });
  }

  return {
    rowLocks: options.transactional,
    indexesDateTStamp: false,
    boundLimitReprepares: false,
    read: options.read,
    async referralsNamed(trx, name) {
      // Both sides through the database's own lower(): a superset of the exact rule, which
      // the caller applies. No Open Dental index covers LName, so this reads the table.
      return trx
        .selectFrom("referral")
        .select(["ReferralNum", "LName"])
        .where((eb) => eb(eb.fn("lower", ["LName"]), "=", eb.fn("lower", [eb.val(name)])))
        .orderBy("ReferralNum")
        .execute();
    },
    async transaction(work) {
      for (let retry = 0; ; retry++) {
        try {
          return await attempt(work);
        } catch (error) {
          if (retry >= transactionRetries || !isRetryable(error)) throw error;
          // Back off a little, randomly, so the competitors do not collide again.
          await sleep(5 + Math.random() * 20 * 2 ** retry);
        }
      }
    },
    ...(options.transactional && {
      async lockReferralCreation(trx: Transaction<Database>) {
        await getNamedLock(trx, referralLock, lockWaitTimeoutSeconds);
        held.get(trx)?.push(referralLock);
      },
    }),
  };
}
