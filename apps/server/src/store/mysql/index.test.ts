// The MySQL/MariaDB backend beyond what the route tests (run on every backend) show: several
// server processes on one database. Needs MYSQL_URL; skipped with one line without.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../domain/errors.js";
import { type RunningServer, startServer } from "../../server.js";
import { createMysqlTestDatabase, MYSQL_URL, mysqlTestKysely } from "../../testing/backends.js";
import { seedPatient, seedReferral, storedRefAttaches } from "../../testing/seed.js";
import { call } from "../../testing/server.js";
import { DEMO } from "../demo-data.js";

if (!MYSQL_URL)
  console.info("store/mysql/index.test.ts: MYSQL_URL is not set; MariaDB tests skipped");

type Row = Record<string, unknown>;

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
