// The poll for rows other programs wrote, on each backend: a row whose newest event already
// holds it is not found again (even when an older event of it has the same DateTStamp, as two
// changes within one second have), a row changed behind the server's back is, and a row whose
// events were sequenced after the read is left for the next read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../store/open.js";
import { toReferral } from "../store/referrals.js";
import type { ChangeEventsAccess, Store } from "../store/store.js";
import { backends, seedReferral, type TestDatabase } from "../testing/index.js";
import type { SubscriptionRow } from "./batch.js";
import { payloadOf } from "./payload.js";
import { OtherWritersPoll } from "./poller.js";
import { DELIVERY_TUNING } from "./tuning.js";

const STAMP = "2024-03-04 05:06:07";
const REFERRAL = 4000;

for (const backend of backends) {
  describe.skipIf(backend.skipReason)(`the poll for other writers [${backend.name}]`, () => {
    let database: TestDatabase;
    let store: Store;
    let access: ChangeEventsAccess;
    let nextSeq = 1;

    beforeAll(async () => {
      database = await backend.create();
      store = await openStore(database.url);
      if (!store.changeEvents) throw new Error("the test database has no change-event tables");
      access = store.changeEvents;
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    const poll = () =>
      new OtherWritersPoll(access, { ...DELIVERY_TUNING, otherWritersPollMs: 0 }, () => {
        // The clock the poll reads: just after the rows were stamped.
        return new Date(2024, 2, 4, 5, 6, 30);
      });

    /** A subscription to Referral changes since STAMP, as the loop reads it. */
    const subscription = { WatchTable: "Referral", ChangesSince: STAMP } as SubscriptionRow;

    /** The referral's row now, as an event's payload holds it. */
    async function currentPayload(): Promise<string> {
      const row = await database.db
        .selectFrom("referral")
        .selectAll()
        .where("ReferralNum", "=", REFERRAL)
        .executeTakeFirstOrThrow();
      return payloadOf("Referral", toReferral(row));
    }

    async function recordEvent(payload: string) {
      await database.db
        .insertInto("webhookevent")
        .values({
          Seq: nextSeq++,
          WatchTable: "Referral",
          RowKey: REFERRAL,
          DateTStamp: STAMP,
          Payload: payload,
          CreatedAt: Date.now(),
        })
        .execute();
    }

    const setFName = (FName: string) =>
      database.db
        .updateTable("referral")
        .set({ FName, DateTStamp: STAMP })
        .where("ReferralNum", "=", REFERRAL)
        .execute();

    it("does not find a row its newest event holds, though an older one has its stamp", async () => {
      await seedReferral(database.db, REFERRAL, "Poll");
      await setFName("First");
      await recordEvent(await currentPayload());
      await setFName("Second");
      await recordEvent(await currentPayload());
      expect(await poll().read([subscription])).toEqual([]);
    });

    it("finds a row changed behind the server's back, within the same second too", async () => {
      const reader = poll();
      expect(await reader.read([subscription])).toEqual([]);
      await setFName("Third");
      const found = await reader.read([subscription]);
      expect(found).toEqual([
        { table: "Referral", key: REFERRAL, stamp: STAMP, payload: await currentPayload() },
      ]);
      expect(await reader.record(found)).toBe(1);
      const events = await database.db
        .selectFrom("webhookevent")
        .select(["RowKey", "DateTStamp", "Payload", "Seq"])
        .where("Seq", "is", null)
        .execute();
      expect(events).toEqual([
        { RowKey: REFERRAL, DateTStamp: STAMP, Payload: await currentPayload(), Seq: null },
      ]);
      // Recorded once: the next read finds nothing new.
      expect(await reader.read([subscription])).toEqual([]);
    });

    it("leaves a row whose events were sequenced after the read for the next read", async () => {
      const reader = poll();
      await reader.read([subscription]);
      await setFName("Fourth");
      const found = await reader.read([subscription]);
      expect(found).toHaveLength(1);
      reader.remember([
        { WatchTable: "Referral", RowKey: REFERRAL, DateTStamp: STAMP, Payload: "older" },
      ]);
      expect(await reader.record(found)).toBe(0);
    });
  });
}
