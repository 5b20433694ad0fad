// The poll for rows other programs wrote, on each backend: a row whose newest event has its
// DateTStamp is not found again, a row changed later behind the server's back is (once), and a
// row whose events were sequenced after the read is left for the next read; a row stamped
// before the near look-back that commits late is found by the next whole look-back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../store/open.js";
import { toReferral } from "../store/referrals.js";
import type { ChangeEventsAccess, Store } from "../store/store.js";
import { backends, seedReferral, type TestDatabase } from "../testing/index.js";
import type { SubscriptionRow } from "./batch.js";
import { payloadOf } from "./payload.js";
import { type FoundRow, OtherWritersPoll } from "./poller.js";
import { DELIVERY_TUNING } from "./tuning.js";

const REFERRAL = 4000;
const STAMPS = ["2024-03-04 05:06:05", "2024-03-04 05:06:06", "2024-03-04 05:06:07"] as const;

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
      await seedReferral(database.db, REFERRAL, "Poll");
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    /** A poll that reads at every call, by a clock just after the rows were stamped. */
    const poll = () =>
      new OtherWritersPoll(
        access,
        { ...DELIVERY_TUNING, otherWritersPollMs: 0 },
        () => new Date(2024, 2, 4, 5, 6, 30),
      );

    /** A subscription to Referral changes since the first stamp, as the loop reads it. */
    const subscription = { WatchTable: "Referral", ChangesSince: STAMPS[0] } as SubscriptionRow;

    const read = async (reader: OtherWritersPoll): Promise<FoundRow[]> => {
      const found = await reader.read([subscription]);
      if (found === undefined) throw new Error("the poll did not read");
      return found;
    };

    /** The referral's row now, as an event's payload holds it. */
    async function currentPayload(): Promise<string> {
      const row = await database.db
        .selectFrom("referral")
        .selectAll()
        .where("ReferralNum", "=", REFERRAL)
        .executeTakeFirstOrThrow();
      return payloadOf("Referral", toReferral(row));
    }

    /** Changes the row as another program would, and stamps it. */
    const change = (FName: string, DateTStamp: string, ReferralNum = REFERRAL) =>
      database.db
        .updateTable("referral")
        .set({ FName, DateTStamp })
        .where("ReferralNum", "=", ReferralNum)
        .execute();

    async function recordEvent(stamp: string) {
      await database.db
        .insertInto("webhookevent")
        .values({
          Seq: nextSeq++,
          WatchTable: "Referral",
          RowKey: REFERRAL,
          DateTStamp: stamp,
          Payload: await currentPayload(),
          CreatedAt: Date.now(),
        })
        .execute();
    }

    it("does not find a row whose newest event has its DateTStamp", async () => {
      await change("First", STAMPS[0]);
      await recordEvent(STAMPS[0]);
      await change("Second", STAMPS[1]);
      await recordEvent(STAMPS[1]);
      expect(await read(poll())).toEqual([]);
    });

    it("finds a row changed later behind the server's back, and records it once", async () => {
      const reader = poll();
      expect(await read(reader)).toEqual([]);
      await change("Third", STAMPS[2]);
      const found = await read(reader);
      expect(found).toEqual([
        { table: "Referral", key: REFERRAL, stamp: STAMPS[2], payload: await currentPayload() },
      ]);
      expect(await reader.record(found)).toBe(1);
      const recorded = await database.db
        .selectFrom("webhookevent")
        .select(["RowKey", "DateTStamp", "Payload"])
        .where("Seq", "is", null)
        .execute();
      expect(recorded).toEqual([
        { RowKey: REFERRAL, DateTStamp: STAMPS[2], Payload: await currentPayload() },
      ]);
      expect(await read(reader)).toEqual([]);
      // Another poll, as after a restart, knows it from the events too.
      await database.db
        .updateTable("webhookevent")
        .set({ Seq: nextSeq++ })
        .where("Seq", "is", null)
        .execute();
      expect(await read(poll())).toEqual([]);
    });

    it("leaves a row whose events were sequenced after the read for the next read", async () => {
      const reader = poll();
      await read(reader);
      await change("Fourth", "2024-03-04 05:06:08");
      const found = await read(reader);
      expect(found).toHaveLength(1);
      reader.remember([
        {
          WatchTable: "Referral",
          RowKey: REFERRAL,
          DateTStamp: STAMPS[2],
          Payload: await currentPayload(),
        },
      ]);
      expect(await reader.record(found)).toBe(0);
    });

    it("finds a row stamped before the near look-back, committed late, at the next whole one", async () => {
      const [moves, late] = [REFERRAL + 1, REFERRAL + 2];
      await seedReferral(database.db, moves, "Moves");
      await seedReferral(database.db, late, "Late");
      let clock = new Date(2024, 2, 4, 5, 8, 0);
      const reader = new OtherWritersPoll(
        access,
        {
          ...DELIVERY_TUNING,
          otherWritersPollMs: 0,
          nearLookbackMs: 10_000,
          fullLookbackEveryMs: 60_000,
        },
        () => clock,
      );
      await reader.record(await read(reader));
      // Another program's row moves the newest stamp to 05:07:50: later reads look back 10 s.
      await change("Moved", "2024-03-04 05:07:50", moves);
      clock = new Date(2024, 2, 4, 5, 8, 5);
      const moved = await read(reader);
      expect(moved.map((row) => row.key)).toEqual([moves]);
      await reader.record(moved);
      // A transaction stamped 05:07:20 commits only now, behind that near window.
      await change("Committed late", "2024-03-04 05:07:20", late);
      clock = new Date(2024, 2, 4, 5, 8, 10);
      expect(await read(reader)).toEqual([]);
      clock = new Date(2024, 2, 4, 5, 9, 1);
      const found = await read(reader);
      expect(found.map((row) => [row.key, row.stamp])).toEqual([[late, "2024-03-04 05:07:20"]]);
    });
  });
}
