// `migrate` on MySQL/MariaDB (src/migrate.ts is the command).

import { createKysely } from "./connection.js";
import { withSetupLock } from "./locks.js";
import {
  missingTables,
  readLiveSchema,
  schemaProblemMessage,
  schemaProblems,
} from "./schema-check.js";
import type { MysqlSettings } from "./settings.js";
import { connectOrExplain } from "./startup-checks.js";
import { createMysqlTables, type MysqlTable } from "./tables.js";
import { parseMysqlUrl } from "./url.js";
import {
  createWebhookTables,
  missingWebhookTables,
  type WebhookTableName,
} from "./webhook-tables.js";

export interface MysqlMigrateResult {
  database: string;
  /** Tables this run created (Open Dental's, then the change-event tables). */
  created: (MysqlTable["name"] | WebhookTableName)[];
  /** What still stops the server (columns missing from existing tables); empty when ready. */
  problems: string[];
  message?: string;
}

/**
 * The explicit `migrate` command: creates this server's tables that do not exist, in Open
 * Dental's types, and reports what else is missing. Never alters an existing table and never
 * loads demo data.
 */
export async function migrateMysql(
  url: string,
  settings: MysqlSettings,
): Promise<MysqlMigrateResult> {
  const target = parseMysqlUrl(url);
  const db = createKysely(target, { ...settings, poolSize: 1 });
  try {
    await connectOrExplain(db, target);
    return await withSetupLock(db, target.database, async (conn) => {
      const before = await readLiveSchema(conn);
      const openDental = missingTables(before);
      const webhooks = missingWebhookTables(before.tables);
      await createMysqlTables(conn, openDental);
      await createWebhookTables(conn, webhooks);
      const created = [...openDental, ...webhooks];
      const live = await readLiveSchema(conn);
      const problems = schemaProblems(live);
      return {
        database: live.database,
        created,
        problems,
        ...(problems.length > 0 && { message: schemaProblemMessage(live, problems) }),
      };
    });
  } finally {
    await db.destroy();
  }
}
