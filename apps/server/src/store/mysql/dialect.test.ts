// How writes are serialised on MySQL/MariaDB: deadlock retries, and MyISAM tables (no
// transactions, no row locks). Needs MYSQL_URL; skipped with one line without.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../config.js";
import { type RunningServer, startServer } from "../../server.js";
import { createMysqlTestDatabase, MYSQL_URL, mysqlTestKysely } from "../../testing/backends.js";
import { seedPatient, storedRefAttaches } from "../../testing/seed.js";
import { call } from "../../testing/server.js";
import { createMysqlDialect } from "./dialect.js";
import { openMysqlStore } from "./index.js";

if (!MYSQL_URL)
  console.info("store/mysql/dialect.test.ts: MYSQL_URL is not set; MariaDB tests skipped");

describe.skipIf(!MYSQL_URL)("MySQL: transactions", () => {
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  let db: ReturnType<typeof mysqlTestKysely>;

  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    const store = await openMysqlStore({
      url: database.url,
      demoData: false,
      settings: defaultConfig().mysql,
    });
    await store.close();
    db = mysqlTestKysely(database.url);
    await seedPatient(db, 1);
    await seedPatient(db, 2);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  /** Two transactions that lock patients 1 and 2 in opposite orders: a real deadlock. */
  async function deadlock(transactionRetries: number) {
    const dialect = createMysqlDialect(db, {
      read: () => Promise.reject(new Error("the deadlock test reads only inside transactions")),
      database: database.name,
      transactional: true,
      settings: { lockWaitTimeoutSeconds: 5, transactionRetries },
    });
    let attempts = 0;
    let arrived = 0;
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const lock = (trx: Parameters<Parameters<typeof dialect.transaction>[0]>[0], PatNum: number) =>
      trx.selectFrom("patient").select("PatNum").where("PatNum", "=", PatNum).forUpdate().execute();
    const run = (first: number, second: number) =>
      dialect.transaction(async (trx) => {
        attempts += 1;
        await lock(trx, first);
        arrived += 1;
        if (arrived === 2) open();
        await gate;
        await lock(trx, second);
        return first;
      });
    const results = await Promise.allSettled([run(1, 2), run(2, 1)]);
    return { attempts, results };
  }

  it("retries a transaction that lost a deadlock, and both complete", async () => {
    const { attempts, results } = await deadlock(3);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(attempts).toBe(3);
  });

  it("gives up after the configured retries with the deadlock error", async () => {
    const { results } = await deadlock(0);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ errno: 1213 });
  });
});

describe.skipIf(!MYSQL_URL)("MySQL: MyISAM tables (no transactions, no row locks)", () => {
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  let db: ReturnType<typeof mysqlTestKysely>;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    const store = await openMysqlStore({
      url: database.url,
      demoData: true,
      settings: defaultConfig().mysql,
    });
    await store.close();
    db = mysqlTestKysely(database.url);
    for (const table of ["refattach", "referral", "patient", "provider", "procedurelog"]) {
      await sql`alter table ${sql.table(table)} engine = MyISAM`.execute(db);
    }
    for (let i = 0; i < 2; i++) {
      servers.push(await startServer({ port: 0, databaseUrl: database.url }));
    }
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await db?.destroy();
    await database?.drop();
  });

  const at = (i: number) => servers[i % servers.length]?.url ?? "";

  it("still gives simultaneous POSTs distinct ItemOrders and one referral per new name", async () => {
    const PatNum = await seedPatient(db, 8000);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(at(i), "POST", "/refattaches", { PatNum, referralName: `MyISAM ${i % 15}` }),
      ),
    );
    // Each name twice: the first attaches, the second is the same attachment again.
    expect(replies.filter((r) => r.status === 201)).toHaveLength(15);
    expect(replies.filter((r) => r.status === 400)).toHaveLength(15);
    const stored = await storedRefAttaches(db, PatNum);
    expect(stored.map((r) => Number(r.ItemOrder))).toEqual(Array.from({ length: 15 }, (_, i) => i));
    const referrals = await db
      .selectFrom("referral")
      .select("LName")
      .where("LName", "like", "MyISAM %")
      .execute();
    expect(referrals).toHaveLength(15);
  });
});
