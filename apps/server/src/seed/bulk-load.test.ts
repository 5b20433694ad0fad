// The bulk loader on both backends: what it stores must satisfy the same rules the API keeps.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../config.js";
import { openStore } from "../store/open.js";
import { backends, type TestDatabase } from "../testing/backends.js";
import { SeedError, type SeedResult, seedDatabase } from "./bulk-load.js";

for (const backend of backends) {
  describe.skipIf(backend.skipReason)(`seedDatabase [${backend.name}]`, () => {
    let database: TestDatabase;
    let result: SeedResult;
    const progress: string[] = [];
    /** The server's default settings, on this test's database. */
    const target = () => ({ ...defaultConfig(), databaseUrl: database.url });

    beforeAll(async () => {
      database = await backend.create();
      result = await seedDatabase(target(), {
        patients: 40,
        refattaches: 300,
        sparePatients: 5,
        progress: (table, done, total) => progress.push(`${table} ${done}/${total}`),
      });
    });
    afterAll(() => database.drop());

    it("loads the requested rows after the demo set and reports their key ranges", async () => {
      const { db } = database;
      const count = async (table: "patient" | "refattach") =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirst()
          )?.n,
        );
      // The demo set: three patients and one refattach.
      expect(await count("patient")).toBe(3 + 45);
      expect(await count("refattach")).toBe(1 + 300);
      expect(result.refattaches.last - result.refattaches.first + 1).toBe(300);
      expect(result.sparePatients.last - result.sparePatients.first + 1).toBe(5);
      expect(progress).toContain("refattach 300/300");
    });

    it("keeps the API's rules: ItemOrder 0..n-1 per patient, no duplicate attachment, ProvNum only on RefTo", async () => {
      const { db } = database;
      const rows = await db.selectFrom("refattach").selectAll().execute();
      const byPatient = new Map<number, number[]>();
      const keys = new Set<string>();
      for (const row of rows) {
        byPatient.set(Number(row.PatNum), [
          ...(byPatient.get(Number(row.PatNum)) ?? []),
          Number(row.ItemOrder),
        ]);
        keys.add(`${row.PatNum}/${row.ReferralNum}/${row.RefType}`);
        if (Number(row.RefType) !== 0) expect(Number(row.ProvNum)).toBe(0);
      }
      expect(keys.size).toBe(rows.length);
      for (const orders of byPatient.values()) {
        expect(orders.sort((a, b) => a - b)).toEqual([...orders.keys()]);
      }
      const { rows: orphans } = await sql<{ n: number }>`
        select count(*) as n from refattach a left join referral r on r.ReferralNum = a.ReferralNum
        where r.ReferralNum is null`.execute(db);
      expect(Number(orphans[0]?.n)).toBe(0);
    });

    it("serves what it loaded, including find-or-create by a seeded referral's name", async () => {
      const store = await openStore(database.url);
      try {
        const page = await store.listRefAttaches({
          PatNum: result.patients.first,
          limit: 100,
          offset: 0,
        });
        expect(page.length).toBeGreaterThan(0);
        const name = result.referrals.names.at(-1) ?? "";
        const created = await store.createRefAttach({
          PatNum: result.sparePatients.first,
          referralName: name.toUpperCase(),
        });
        expect(created.referralName).toContain(name);
        expect(created.ReferralNum).toBe(result.referrals.last);
      } finally {
        await store.close();
      }
    });

    it("refuses a database that already holds patients beyond the demo set", async () => {
      await expect(seedDatabase(target(), { patients: 1, refattaches: 1 })).rejects.toThrow(
        SeedError,
      );
    });
  });
}
