// A MySQL/MariaDB database that stalls instead of refusing (a hung server, a paused network):
// every statement has a timeout, so requests get 503 within it instead of hanging, nothing
// half-done is stored, and the server recovers once the database answers again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../domain/errors.js";
import { type RunningServer, startServer } from "../../server.js";
import { createMysqlTestDatabase, MYSQL_URL, mysqlTestKysely } from "../../testing/backends.js";
import { send } from "../../testing/server.js";
import { TcpProxy } from "../../testing/tcp-proxy.js";
import { parseMysqlUrl } from "./url.js";

const QUERY_TIMEOUT_MS = 1_000;
/** The timeout, plus time for a new connection to time out and a loaded CI machine. */
const ANSWER_WITHIN_MS = QUERY_TIMEOUT_MS + 2_500;

describe.skipIf(!MYSQL_URL)("MySQL: a database that stalls", () => {
  let database: Awaited<ReturnType<typeof createMysqlTestDatabase>>;
  let proxy: TcpProxy;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createMysqlTestDatabase(MYSQL_URL ?? "");
    const target = parseMysqlUrl(database.url);
    proxy = new TcpProxy(target.host, target.port);
    await proxy.open();
    const url = new URL(database.url);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    server = await startServer({
      port: 0,
      databaseUrl: url.toString(),
      mysql: {
        poolSize: 3,
        maxIdle: 3,
        idleTimeoutMs: 60_000,
        queueLimit: 100,
        connectTimeoutMs: QUERY_TIMEOUT_MS,
        lockWaitTimeoutSeconds: 1,
        transactionRetries: 1,
        queryTimeoutMs: QUERY_TIMEOUT_MS,
      },
    });
  });

  afterAll(async () => {
    proxy?.resume();
    await server?.close();
    await proxy?.close();
    await database?.drop();
  });

  const timed = async (method: string, path: string, body?: unknown) => {
    const started = performance.now();
    const reply = await send(server.url, method, path, body === undefined ? {} : { body });
    return { status: reply.status, body: reply.body, ms: performance.now() - started };
  };

  it("answers 503 within the query timeout while stalled, stores nothing, then recovers", async () => {
    expect((await timed("GET", "/refattaches?PatNum=25")).status).toBe(200);

    proxy.stall();
    // More requests than the pool has connections, reads and writes.
    const during = await Promise.all([
      ...Array.from({ length: 4 }, () => timed("GET", "/refattaches?PatNum=25")),
      ...Array.from({ length: 2 }, (_, i) =>
        timed("POST", "/refattaches", { PatNum: 972, referralName: `Stalled ${i}` }),
      ),
    ]);
    for (const reply of during) {
      expect(reply).toMatchObject({ status: 503, body: messages.databaseUnavailable });
      expect(reply.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }

    proxy.resume();
    let recovered = await timed("GET", "/refattaches?PatNum=25");
    // The first request after the stall may still meet a connection that timed out.
    if (recovered.status === 503) recovered = await timed("GET", "/refattaches?PatNum=25");
    expect(recovered.status).toBe(200);

    const db = mysqlTestKysely(database.url);
    try {
      const stored = await db
        .selectFrom("referral")
        .select("LName")
        .where("LName", "like", "Stalled%")
        .execute();
      const attached = await db
        .selectFrom("refattach")
        .select("RefAttachNum")
        .where("PatNum", "=", 972)
        .execute();
      expect(stored).toEqual([]);
      expect(attached).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
