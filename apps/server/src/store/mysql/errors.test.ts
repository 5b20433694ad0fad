// What the driver's errors become: 503 when the database cannot serve now, 400 naming the
// column when a value does not fit it. The second needs MYSQL_URL; skipped with one line without.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../domain/errors.js";
import { type RunningServer, startServer } from "../../server.js";
import { createMysqlTestDatabase, MYSQL_URL, mysqlTestKysely } from "../../testing/backends.js";
import { seedPatient } from "../../testing/seed.js";
import { call } from "../../testing/server.js";
import { DEMO } from "../demo-data.js";
import { isUnavailable } from "./errors.js";

if (!MYSQL_URL)
  console.info("store/mysql/errors.test.ts: MYSQL_URL is not set; MariaDB tests skipped");

describe("MySQL errors", () => {
  it("treats connection failures, full pools and exhausted lock retries as unavailable", () => {
    expect(isUnavailable(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("x"), { fatal: true }))).toBe(true);
    expect(isUnavailable(new Error("Queue limit reached."))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("x"), { errno: 1213 }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("x"), { errno: 1146 }))).toBe(false);
    expect(isUnavailable(new TypeError("bug"))).toBe(false);
  });
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
