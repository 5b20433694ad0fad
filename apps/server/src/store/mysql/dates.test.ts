// Dates on MySQL/MariaDB stay the calendar days and stamps written, whatever the time zone of
// the server process or of the session. Needs MYSQL_URL; skipped with one line without.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatLocalDateTime } from "../../domain/dates.js";
import { type RunningServer, startServer } from "../../server.js";
import { createMysqlTestDatabase, MYSQL_URL, mysqlTestKysely } from "../../testing/backends.js";
import { seedPatient } from "../../testing/seed.js";
import { call } from "../../testing/server.js";
import { DEMO } from "../demo-data.js";

if (!MYSQL_URL)
  console.info("store/mysql/dates.test.ts: MYSQL_URL is not set; MariaDB tests skipped");

type Row = Record<string, unknown>;

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

  // One patient per zone, each its own (a random PatNum once drew the same one twice).
  it.each([
    ["Pacific/Kiritimati", 9001],
    ["Pacific/Pago_Pago", 9002],
    ["America/Sao_Paulo", 9003],
    ["UTC", 9004],
  ])(
    "keeps RefDate and DateProcComplete as written and stamps local time in %s",
    async (tz, patient) => {
      process.env.TZ = tz;
      const PatNum = await seedPatient(db, patient);
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
