// A MySQL/MariaDB database that cannot be reached: the start is refused with a message, and a
// database that goes away while serving gives 503 answers, then recovery by itself. Needs
// MYSQL_URL; skipped with one line without.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../app.js";
import { DEMO_API_KEY, defaultConfig } from "../../config.js";
import { messages } from "../../domain/errors.js";
import { createMysqlTestDatabase, MYSQL_URL } from "../../testing/backends.js";
import { captureLogs } from "../../testing/logs.js";
import { AUTH } from "../../testing/server.js";
import { TcpProxy } from "../../testing/tcp-proxy.js";
import { DEMO } from "../demo-data.js";
import type { Store } from "../store.js";
import { DatabaseStartError } from "./errors.js";
import { openMysqlStore } from "./index.js";
import { parseMysqlUrl } from "./url.js";

if (!MYSQL_URL)
  console.info("store/mysql/unreachable.test.ts: MYSQL_URL is not set; MariaDB tests skipped");

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
    const error = await openMysqlStore({
      url: closed.toString(),
      demoData: false,
      settings: defaultConfig().mysql,
    }).catch((e: unknown) => e);
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
      settings: { ...defaultConfig().mysql, poolSize: 3, connectTimeoutMs: 1000 },
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
    const ready = await app.fetch(new Request("http://api.test/ready"));
    expect({ status: ready.status, body: await ready.json() }).toEqual({
      status: 503,
      body: messages.databaseUnavailable,
    });

    await proxy.open();
    expect(await get()).toMatchObject({ status: 200, body: [{ RefAttachNum: DEMO.refAttach }] });
    expect((await app.fetch(new Request("http://api.test/ready"))).status).toBe(200);
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
