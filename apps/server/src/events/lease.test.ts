// One delivering process at a time: the lease row decides, between the processes of one server
// (WORKERS=N) and between servers on one database alike. Here several servers (and stores) in
// this process stand for them; each has its own connections, as separate processes would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../server.js";
import { openStore } from "../store/open.js";
import type { Store } from "../store/store.js";
import { backends, seedPatient, startReceiver, type TestDatabase } from "../testing/index.js";
import { send } from "../testing/server.js";
import { Lease } from "./lease.js";

type Row = Record<string, unknown>;

const TUNING = { pollMs: 100, leaseTtlMs: 1000 };

for (const backend of backends) {
  describe.skipIf(backend.skipReason)(`the delivery lease [${backend.name}]`, () => {
    let database: TestDatabase;
    const stores: Store[] = [];

    beforeAll(async () => {
      database = await backend.create();
      // The first opens (and creates) the database, as the cluster's primary does.
      for (let i = 0; i < 2; i += 1) stores.push(await openStore(database.url));
    });

    afterAll(async () => {
      for (const store of stores.splice(0)) await store.close();
      await database?.drop();
    });

    const access = (i: number) => {
      const events = stores[i]?.changeEvents;
      if (!events) throw new Error("the test database has no change-event tables");
      return events;
    };

    it("is held by one at a time, renewed by its holder, and free once released", async () => {
      const [a, b] = [new Lease(access(0), 60_000), new Lease(access(1), 60_000)];
      expect(await a.hold()).toBe("taken");
      expect(await b.hold()).toBe("busy");
      expect(await a.hold()).toBe("held");
      await a.release();
      expect(await b.hold()).toBe("taken");
      expect(await a.hold()).toBe("busy");
      await b.release();
    });

    it("passes to another once its holder stops renewing it", async () => {
      const a = new Lease(access(0), 300, "expiry");
      const b = new Lease(access(1), 300, "expiry");
      expect(await a.hold()).toBe("taken");
      expect(await b.hold()).toBe("busy");
      // No renewal by `a` (as after a SIGKILL): `b` gets it within the lease's time.
      await expect.poll(() => b.hold(), { timeout: 5_000, interval: 50 }).toBe("taken");
      expect(await a.hold()).toBe("busy");
    });

    it("a holder confirms it inside a transaction only while it is still its own", async () => {
      const a = new Lease(access(0), 60_000, "confirm");
      const b = new Lease(access(1), 60_000, "confirm");
      await a.hold();
      expect(await access(0).transaction((trx) => a.confirm(trx))).toBe(true);
      expect(await access(1).transaction((trx) => b.confirm(trx))).toBe(false);
    });
  });

  describe.skipIf(backend.skipReason)(`two servers on one database [${backend.name}]`, () => {
    let database: TestDatabase;
    const servers: RunningServer[] = [];

    beforeAll(async () => {
      database = await backend.create();
      for (let i = 0; i < 2; i += 1) {
        servers.push(
          await startServer({
            port: 0,
            databaseUrl: database.url,
            webhooks: { allowPrivateUrls: true, tuning: TUNING },
          }),
        );
      }
    });

    afterAll(async () => {
      for (const server of servers.splice(0)) await server.close();
      await database?.drop();
    });

    it("deliver each batch once, and the other carries on when one stops", async () => {
      const receiver = await startReceiver();
      try {
        const [one, two] = servers.map((server) => server.url);
        const subscribed = await send(one ?? "", "POST", "/subscriptions", {
          body: { EndPointUrl: receiver.url, WatchTable: "RefAttach", PollingSeconds: 1 },
        });
        expect(subscribed.status).toBe(201);
        const created: Row[] = [];
        const write = async (url: string, PatNum: number) => {
          const reply = await send(url, "POST", "/refattaches", {
            body: { PatNum, referralName: `Lease ${PatNum}` },
          });
          expect(reply.status).toBe(201);
          created.push(reply.body as Row);
        };
        for (let i = 0; i < 20; i += 1) {
          const PatNum = await seedPatient(database.db, 1000 + i);
          await write((i % 2 === 0 ? one : two) ?? "", PatNum);
        }
        const rows = () => receiver.received.flatMap((delivery) => delivery.rows);
        await receiver.until(() => rows().length >= created.length);
        expect(rows()).toEqual(created);
        const ids = receiver.received.map((delivery) => delivery.id);
        expect(new Set(ids).size).toBe(ids.length);

        // One stops (and gives the lease up, if it held it): the other delivers what follows.
        await servers.shift()?.close();
        const PatNum = await seedPatient(database.db, 1100);
        await write(two ?? "", PatNum);
        await receiver.until(() => rows().length >= created.length);
        expect(rows()).toEqual(created);
      } finally {
        await receiver.close();
      }
    });
  });
}
