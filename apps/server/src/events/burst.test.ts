// 10,000 changes in one burst: one DELETE that moves the ItemOrder of 10,000 other refattaches
// of its patient records 10,000 RefAttach events in one transaction. They arrive in batches of
// at most 1000 rows, in order, none missing and none twice.
import { expect, it } from "vitest";
import { REF_TO_STATUS_CODES, REFERRAL_TYPE_CODES } from "../domain/enums.js";
import { describeEachBackend, seedPatient, startReceiver } from "../testing/index.js";
import { BATCH_ROWS } from "./batch.js";

const CHANGES = 10_000;
const PATIENT = 900;
const INSERT_ROWS = 500;

describeEachBackend(
  "a burst of 10,000 changes",
  (server) => {
    it("arrives in batches of at most 1000 rows, every change once, in order", async () => {
      const { db } = server().database;
      await seedPatient(db, PATIENT);
      // Stamped long ago, as rows written before the subscription: only the burst is new.
      const rows = Array.from({ length: CHANGES + 1 }, (_, i) => ({
        ReferralNum: 17,
        PatNum: PATIENT,
        ItemOrder: i,
        RefDate: "2020-01-01",
        RefType: REFERRAL_TYPE_CODES.RefFrom,
        RefToStatus: REF_TO_STATUS_CODES.None,
        Note: "",
        IsTransitionOfCare: 0,
        ProcNum: 0,
        DateProcComplete: "0001-01-01",
        ProvNum: 0,
        DateTStamp: "2020-01-01 00:00:00",
      }));
      for (let i = 0; i < rows.length; i += INSERT_ROWS) {
        await db
          .insertInto("refattach")
          .values(rows.slice(i, i + INSERT_ROWS))
          .execute();
      }
      const [first] = await db
        .selectFrom("refattach")
        .select("RefAttachNum")
        .where("PatNum", "=", PATIENT)
        .where("ItemOrder", "=", 0)
        .execute();

      const receiver = await startReceiver();
      try {
        const subscribed = await server().request("POST", "/subscriptions", {
          body: { EndPointUrl: receiver.url, WatchTable: "RefAttach", PollingSeconds: 1 },
        });
        expect(subscribed.status).toBe(201);
        const deleted = await server().request("DELETE", `/refattaches/${first?.RefAttachNum}`);
        expect(deleted.status).toBe(200);

        const count = (r: typeof receiver.received) =>
          r.reduce((sum, delivery) => sum + delivery.rows.length, 0);
        await receiver.until((r) => count(r) >= CHANGES, 90_000);

        const batches = receiver.received;
        expect(batches.every((batch) => batch.rows.length <= BATCH_ROWS)).toBe(true);
        expect(batches.length).toBeGreaterThanOrEqual(CHANGES / BATCH_ROWS);
        expect(new Set(batches.map((batch) => batch.id)).size).toBe(batches.length);
        const delivered = batches.flatMap((batch) => batch.rows);
        expect(delivered).toHaveLength(CHANGES);
        // Each moved row once, in the order the delete moved them: ItemOrder 0 to 9999.
        expect(delivered.map((row) => row.ItemOrder)).toEqual(
          Array.from({ length: CHANGES }, (_, i) => i),
        );
        const stored = await db
          .selectFrom("refattach")
          .select("RefAttachNum")
          .where("PatNum", "=", PATIENT)
          .orderBy("ItemOrder")
          .execute();
        expect(delivered.map((row) => row.RefAttachNum)).toEqual(
          stored.map((row) => Number(row.RefAttachNum)),
        );
      } finally {
        await receiver.close();
      }
    }, 150_000);
  },
  { webhooks: { allowPrivateUrls: true, tuning: { pollMs: 100 } } },
);
