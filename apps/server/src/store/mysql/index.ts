// The MySQL/MariaDB backend: Kysely's MySQL dialect over a mysql2 pool, on Open Dental's own
// tables. Several server processes may share one database: every write runs in a transaction
// that locks the patient row first (READ COMMITTED, so what it reads after the lock is what
// competitors committed), find-or-create of a referral by name holds a named lock, and
// deadlocks and lock timeouts are retried a bounded number of times (dialect.ts). A database
// that cannot be reached turns into 503 answers, and the pool reconnects by itself once it
// answers again (guard.ts).
import { type OperationNode, sql } from "kysely";
import { messages } from "../../domain/errors.js";
import { NO_OUTBOX, Outbox } from "../../events/outbox.js";
import { silentLogger } from "../../logger.js";
import { loadDemoData } from "../demo-data.js";
import { createRefAttachStore } from "../refattaches.js";
import { createReferralStore } from "../referrals.js";
import type { ChangeEventsAccess, Store, StoreOptions } from "../store.js";
import { createSubscriptionStore, subscriptionsNotSetUp } from "../subscriptions.js";
import { createKysely, servingDatabase } from "./connection.js";
import { createMysqlDialect } from "./dialect.js";
import { DatabaseStartError } from "./errors.js";
import { FillOpenDentalColumns } from "./fill-columns.js";
import { guardEach } from "./guard.js";
import { withSetupLock } from "./locks.js";
import {
  insertFillers,
  isTransactional,
  type LiveSchema,
  missingTables,
  readLiveSchema,
  schemaProblemMessage,
  schemaProblems,
} from "./schema-check.js";
import type { MysqlSettings } from "./settings.js";
import { checkBinlog, connectOrExplain } from "./startup-checks.js";
import { createMysqlTables, MYSQL_TABLES } from "./tables.js";
import { describeTarget, parseMysqlUrl } from "./url.js";
import {
  createWebhookTables,
  missingWebhookTables,
  WEBHOOK_TABLE_NAMES,
} from "./webhook-tables.js";

export interface MysqlStoreOptions extends StoreOptions {
  /** `mysql://user:password@host:port/database`. */
  url: string;
  /** Fill a database that has no tables at all with the demo set. Never touches another. */
  demoData: boolean;
  settings: MysqlSettings;
}

/** A database with no tables at all is new: this server may create its tables there. */
const isEmpty = (live: LiveSchema) => live.tables.size === 0;

/**
 * Opens a pool on the database, checks that the tables and columns the rules need exist, and
 * returns the Store. A database without any table gets this server's tables (and the demo set
 * when asked); a database with tables is never altered: what is missing stops the start with a
 * message naming it (`migrate` creates missing tables), except the change-event tables, without
 * which the server starts with subscriptions off.
 */
export async function openMysqlStore(options: MysqlStoreOptions): Promise<Store> {
  const target = parseMysqlUrl(options.url);
  const { settings } = options;
  const logger = options.logger ?? silentLogger();

  const setupDb = createKysely(target, { ...settings, poolSize: 1, maxIdle: 0 });
  let live: LiveSchema;
  try {
    await connectOrExplain(setupDb, target);
    live = await withSetupLock(setupDb, target.database, async (conn) => {
      let current = await readLiveSchema(conn);
      if (isEmpty(current)) {
        await createMysqlTables(conn, missingTables(current));
        await createWebhookTables(conn, WEBHOOK_TABLE_NAMES);
        if (options.demoData) await loadDemoData(conn);
        current = await readLiveSchema(conn);
      }
      return current;
    });
    const problems = schemaProblems(live);
    if (problems.length > 0) throw new DatabaseStartError(schemaProblemMessage(live, problems));
    const transactional = isTransactional(live);
    const binlogProblem = transactional ? await checkBinlog(setupDb) : undefined;
    if (binlogProblem) {
      throw new DatabaseStartError(`MySQL/MariaDB at ${describeTarget(target)}: ${binlogProblem}`);
    }
  } finally {
    await setupDb.destroy();
  }

  const fillers = new Map(
    MYSQL_TABLES.map((table): [string, ReadonlyMap<string, OperationNode>] => [
      table.name,
      insertFillers(live, table),
    ]),
  );
  const { db, read } = servingDatabase(target, settings, [new FillOpenDentalColumns(fillers)]);
  const plainDialect = createMysqlDialect(db, {
    read,
    database: live.database,
    transactional: isTransactional(live),
    settings,
  });
  // An Open Dental database is never altered at start: without the change-event tables
  // (created by `migrate`), the server runs without subscriptions and writes record nothing.
  const missing = missingWebhookTables(live.tables);
  // The database server's clock, which every server process on it shares.
  const clockMs = sql<number>`cast(unix_timestamp(now(3)) * 1000 as signed)`;
  const outbox = missing.length === 0 ? new Outbox(db, clockMs) : undefined;
  if (!outbox) {
    logger.warn({ missing }, messages.subscriptionsNotSetUp);
  }
  const dialect = outbox ? outbox.notifying(plainDialect) : plainDialect;
  const ruleOptions = { ...options, events: outbox ?? NO_OUTBOX };
  const rules = {
    ...createRefAttachStore(db, dialect, ruleOptions),
    ...createReferralStore(db, dialect, ruleOptions),
    ...(outbox ? createSubscriptionStore(db, dialect, clockMs, options) : subscriptionsNotSetUp()),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
  };
  const changeEvents: ChangeEventsAccess | undefined = outbox && {
    db,
    transaction: dialect.transaction,
    rowLocks: dialect.rowLocks,
    clockMs,
    onCommit: (listener) => outbox.onCommit(listener),
  };
  return { ...guardEach(rules, logger, target), changeEvents, close: () => db.destroy() };
}
