// The MySQL/MariaDB backend beyond what the route tests (run on every backend) show: several
// server processes on one database, deadlock retries, MyISAM tables, an unreachable database
// (503, then recovery), time zones, settings. Needs MYSQL_URL; skipped with one line without.
import { connect, createServer, type Server, type Socket } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { DEMO_API_KEY } from "../config.js";
import { formatLocalDateTime } from "../domain/dates.js";
import { messages } from "../domain/errors.js";
import { type RunningServer, startServer } from "../server.js";
import { createMysqlTestDatabase, mysqlTestKysely } from "../testing/backends.js";
import { captureLogs } from "../testing/logs.js";
import { seedPatient, seedReferral, storedRefAttaches } from "../testing/seed.js";
import { AUTH, send } from "../testing/server.js";
import { DEMO } from "./demo-data.js";
import {
  createMysqlDialect,
  DatabaseStartError,
  isUnavailable,
  openMysqlStore,
  parseMysqlUrl,
} from "./mysql.js";
import type { Store } from "./store.js";

const MYSQL_URL = process.env.MYSQL_URL;
if (!MYSQL_URL) console.info("store/mysql.test.ts: MYSQL_URL is not set; MariaDB tests skipped");

type Row = Record<string, unknown>;

/** Status and parsed body of one request (the demo key, JSON when there is a body). */
async function call(baseUrl: string, method: string, path: string, body?: unknown) {
  const reply = await send(baseUrl, method, path, body === undefined ? {} : { body });
  return { status: reply.status, body: reply.body };
}

describe("MySQL settings and URLs", () => {
  it("parses mysql:// URLs, decoding user and password", () => {
    expect(parseMysqlUrl("mysql://od%40user:p%3Ass@db.example:3307/opendental?ssl=true")).toEqual({
      host: "db.example",
      port: 3307,
      user: "od@user",
      password: "p:ss",
      database: "opendental",
      ssl: true,
    });
    expect(parseMysqlUrl("mariadb://root@[::1]/od")).toMatchObject({ host: "::1", port: 3306 });
  });

  it("rejects a URL without a database or with unknown parameters, without echoing it", () => {
    expect(() => parseMysqlUrl("mysql://root:secret@localhost")).toThrow(/must name the database/);
    expect(() => parseMysqlUrl("mysql://root:secret@localhost/od?pool=3")).toThrow(
      /Unknown DATABASE_URL parameter "pool"/,
    );
    try {
      parseMysqlUrl("mysql://root:secret@localhost/od?x=1");
    } catch (error) {
      expect(String(error)).not.toContain("secret");
    }
  });

  it("treats connection failures, full pools and exhausted lock retries as unavailable", () => {
    expect(isUnavailable(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("x"), { fatal: true }))).toBe(true);
    expect(isUnavailable(new Error("Queue limit reached."))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("x"), { errno: 1213 }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("x"), { errno: 1146 }))).toBe(false);
    expect(isUnavailable(new TypeError("bug"))).toBe(false);
  });
});

describe.skipIf(!MYSQL_URL)("MySQL: several server processes on one database", () => {
  const servers: RunningServer[] = [];
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  let db: ReturnType<typeof mysqlTestKysely>;
  let nextPatient = 7000;

  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    // Started together on an empty database: one creates the tables, the others wait for it.
    servers.push(
      ...(await Promise.all(
        [1, 2, 3].map(() => startServer({ port: 0, databaseUrl: database.url, demoData: true })),
      )),
    );
    db = mysqlTestKysely(database.url);
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await db?.destroy();
    await database?.drop();
  });

  /** Request `i` goes to server `i mod 3`. */
  const at = (i: number) => servers[i % servers.length]?.url ?? "";

  it("created the tables and the demo set once", async () => {
    const refattaches = await db.selectFrom("refattach").selectAll().execute();
    expect(refattaches).toHaveLength(1);
    const reply = await call(at(0), "GET", `/refattaches?PatNum=${DEMO.patients.withRefAttach}`);
    expect(reply).toMatchObject({ status: 200, body: [{ RefDate: "2022-01-05" }] });
  });

  it("gives 60 simultaneous POSTs for one patient, over three servers, ItemOrders 0..59", async () => {
    const PatNum = await seedPatient(db, nextPatient++);
    const count = 60;
    // Existing referrals, so only the patient's row lock orders these requests.
    for (let i = 0; i < count; i++) await seedReferral(db, 10_000 + i, `Many ${i}`);
    const replies = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        call(at(i), "POST", "/refattaches", { PatNum, ReferralNum: 10_000 + i }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(count).fill(201));
    const orders = replies.map((r) => (r.body as Row).ItemOrder as number).sort((a, b) => a - b);
    expect(orders).toEqual(Array.from({ length: count }, (_, i) => i));
    const stored = await storedRefAttaches(db, PatNum);
    expect(stored.map((r) => Number(r.ItemOrder))).toEqual(orders);
  });

  it("creates exactly one of 30 simultaneous duplicates over three servers", async () => {
    const PatNum = await seedPatient(db, nextPatient++);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(at(i), "POST", "/refattaches", { PatNum, ReferralNum: DEMO.referrals.bokish }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(29).fill(400)]);
    for (const reply of replies.filter((r) => r.status === 400)) {
      expect(reply.body).toBe(messages.alreadyAttached);
    }
    expect(await storedRefAttaches(db, PatNum)).toHaveLength(1);
  });

  it("creates one referral when 30 patients name the same new one at once", async () => {
    const patients: number[] = [];
    for (let i = 0; i < 30; i++) patients.push(await seedPatient(db, nextPatient++));
    const replies = await Promise.all(
      patients.map((PatNum, i) =>
        call(at(i), "POST", "/refattaches", { PatNum, referralName: "Shared New Clinic" }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(30).fill(201));
    const referralNums = new Set(replies.map((r) => (r.body as Row).ReferralNum));
    expect(referralNums.size).toBe(1);
    const stored = await db
      .selectFrom("referral")
      .select("ReferralNum")
      .where("LName", "=", "Shared New Clinic")
      .execute();
    expect(stored).toHaveLength(1);
  });

  it("keeps ItemOrders 0..n-1 under simultaneous DELETEs and POSTs for one patient", async () => {
    const PatNum = await seedPatient(db, nextPatient++);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const reply = await call(at(i), "POST", "/refattaches", {
        PatNum,
        referralName: `Mixed ${i}`,
      });
      ids.push((reply.body as Row).RefAttachNum as number);
    }
    const replies = await Promise.all([
      ...ids
        .filter((_, i) => i % 2 === 1)
        .map((id, i) => call(at(i), "DELETE", `/refattaches/${id}`)),
      ...Array.from({ length: 10 }, (_, i) =>
        call(at(i + 1), "POST", "/refattaches", { PatNum, referralName: `Mixed late ${i}` }),
      ),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([
      ...Array(10).fill(200),
      ...Array(10).fill(201),
    ]);
    const stored = await storedRefAttaches(db, PatNum);
    expect(stored.map((r) => Number(r.ItemOrder))).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe.skipIf(!MYSQL_URL)("MySQL: transactions", () => {
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  let db: ReturnType<typeof mysqlTestKysely>;

  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    const store = await openMysqlStore({ url: database.url, demoData: false });
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
    const store = await openMysqlStore({ url: database.url, demoData: true });
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

/** A TCP proxy in front of MariaDB: closing it makes the database unreachable for the store. */
class TcpProxy {
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on("error", () => {});
        socket.on("close", () => {
          this.#sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
    this.#server = server;
  }

  /** Stops listening and cuts every open connection, like a database that went away. */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe.skipIf(!MYSQL_URL)("MySQL: an unreachable database", () => {
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  let proxy: TcpProxy;
  let store: Store | undefined;
  const logs = captureLogs();

  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    const target = parseMysqlUrl(database.url);
    proxy = new TcpProxy(target.host, target.port);
    await proxy.open();
  });

  afterAll(async () => {
    await store?.close();
    await proxy?.close();
    await database?.drop();
  });

  const proxiedUrl = () => {
    const url = new URL(database.url);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    return url.toString();
  };

  it("refuses to start with a message naming where it looked, never the password", async () => {
    const closed = new URL(database.url);
    closed.hostname = "127.0.0.1";
    closed.port = "1";
    closed.password = "do-not-print";
    const error = await openMysqlStore({ url: closed.toString() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect(String(error)).toMatch(
      /Cannot reach MySQL\/MariaDB at 127\.0\.0\.1:1\/\S+ \(ECONNREFUSED\)/,
    );
    expect(String(error)).not.toContain("do-not-print");
  });

  it("answers 503 while the database is away and recovers by itself when it is back", async () => {
    store = await openMysqlStore({
      url: proxiedUrl(),
      demoData: true,
      settings: { poolSize: 3, connectTimeoutMs: 1000 },
      logger: logs.logger,
    });
    const app = createApp({ store, apiKeys: [DEMO_API_KEY] });
    const get = async () => {
      const response = await app.fetch(
        new Request(`http://api.test/api/v1/refattaches?PatNum=${DEMO.patients.withRefAttach}`, {
          headers: { Authorization: AUTH },
        }),
      );
      return { status: response.status, body: await response.json() };
    };
    expect((await get()).status).toBe(200);

    await proxy.close();
    // More requests than the pool has connections: failed connects must not use up the pool.
    const down = await Promise.all(Array.from({ length: 12 }, get));
    for (const reply of down) {
      expect(reply).toEqual({ status: 503, body: messages.databaseUnavailable });
    }
    expect((await get()).status).toBe(503);

    await proxy.open();
    expect(await get()).toMatchObject({ status: 200, body: [{ RefAttachNum: DEMO.refAttach }] });
    expect(logs.entries()).toEqual([
      expect.objectContaining({
        level: "warn",
        msg: "database unavailable; answering 503 until it responds",
        code: expect.stringMatching(/^[A-Z_]+$/),
        database: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      }),
      expect.objectContaining({
        level: "info",
        msg: "database available again",
        unavailableMs: expect.any(Number),
      }),
    ]);
  });
});

describe.skipIf(!MYSQL_URL)("MySQL: dates and times in any time zone", () => {
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  let server: RunningServer;
  let db: ReturnType<typeof mysqlTestKysely>;
  const originalTz = process.env.TZ;

  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    server = await startServer({ port: 0, databaseUrl: database.url });
    db = mysqlTestKysely(database.url);
  });

  afterAll(async () => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
    await server?.close();
    await db?.destroy();
    await database?.drop();
  });

  it.each(["Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Sao_Paulo", "UTC"])(
    "keeps RefDate and DateProcComplete as written and stamps local time in %s",
    async (tz) => {
      process.env.TZ = tz;
      const PatNum = await seedPatient(db, 9000 + Math.floor(Math.random() * 1000));
      const before = formatLocalDateTime(new Date(Date.now() - 1000));
      const created = await call(server.url, "POST", "/refattaches", {
        PatNum,
        ReferralNum: DEMO.referrals.bokish,
        RefDate: "2023-12-05",
        DateProcComplete: "2023-12-31",
      });
      const after = formatLocalDateTime(new Date(Date.now() + 1000));
      expect(created).toMatchObject({
        status: 201,
        body: { RefDate: "2023-12-05", DateProcComplete: "2023-12-31" },
      });
      const stamp = (created.body as Row).DateTStamp as string;
      expect(stamp >= before && stamp <= after).toBe(true);

      const listed = await call(server.url, "GET", `/refattaches?PatNum=${PatNum}`);
      expect(listed.body).toMatchObject([
        { RefDate: "2023-12-05", DateProcComplete: "2023-12-31", DateTStamp: stamp },
      ]);
      // What is stored is the calendar day itself, whatever the session's time zone.
      const stored = await db.connection().execute(async (conn) => {
        await sql`set time_zone = '+13:00'`.execute(conn);
        return sql<{
          d: string;
        }>`select RefDate as d from refattach where PatNum = ${PatNum}`.execute(conn);
      });
      expect(stored.rows[0]?.d).toBe("2023-12-05");
    },
  );
});

describe.skipIf(!MYSQL_URL)("MySQL: values the columns cannot hold", () => {
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  let server: RunningServer;
  let db: ReturnType<typeof mysqlTestKysely>;

  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    server = await startServer({ port: 0, databaseUrl: database.url });
    db = mysqlTestKysely(database.url);
  });

  afterAll(async () => {
    await server?.close();
    await db?.destroy();
    await database?.drop();
  });

  it("answers 400 naming the column for a Note within 65535 characters but not bytes", async () => {
    const PatNum = await seedPatient(db, 9500);
    // 40000 two-byte characters: allowed by the spec, 80000 bytes for a `text` column.
    const reply = await call(server.url, "POST", "/refattaches", {
      PatNum,
      ReferralNum: DEMO.referrals.bokish,
      Note: "é".repeat(40_000),
    });
    expect(reply.status).toBe(400);
    expect([messages.tooLongForColumn("Note"), messages.notStorableInColumn("Note")]).toContain(
      reply.body,
    );
    expect(
      await db.selectFrom("refattach").selectAll().where("PatNum", "=", PatNum).execute(),
    ).toEqual([]);
  });
});
