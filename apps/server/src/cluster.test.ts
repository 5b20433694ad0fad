// WORKERS=2 as `pnpm start` runs it: two processes on one port and one database, where the
// concurrency rules (distinct ItemOrders, one attachment per referral, one referral per new
// name) must hold across processes just as within one, change events of both are delivered
// once, by one of them, and SIGTERM stops them all.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "./domain/errors.js";
import { backends, type TestDatabase } from "./testing/backends.js";
import { AUTH, seedPatient, startReceiver, storedRefAttaches } from "./testing/index.js";

const entry = join(import.meta.dirname, "main.ts");

for (const backend of backends) {
  describe.skipIf(backend.skipReason)(`WORKERS=2 [${backend.name}]`, () => {
    let database: TestDatabase;
    let child: ChildProcess;
    let output = "";
    let url = "";
    let exited: Promise<number | null>;

    beforeAll(async () => {
      database = await backend.create();
      child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), entry], {
        env: {
          PATH: process.env.PATH ?? "",
          PORT: "0",
          WORKERS: "2",
          DATABASE_URL: database.url,
          LOG_LEVEL: "info",
          WEBHOOK_ALLOW_PRIVATE_URLS: "1",
        },
      });
      child.stdout?.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr?.on("data", (chunk) => {
        output += chunk;
      });
      exited = new Promise((resolve) => child.on("exit", resolve));
      const deadline = Date.now() + 20_000;
      while ((output.match(/listening on /g)?.length ?? 0) < 2) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(output);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      url = /listening on (\S+)/.exec(output)?.[1] ?? "";
    });

    afterAll(async () => {
      if (child.exitCode === null) child.kill("SIGKILL");
      await database.drop();
    });

    const post = async (body: object) => {
      const reply = await fetch(`${url}/refattaches`, {
        method: "POST",
        headers: { Authorization: AUTH, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
    };

    it("keeps ItemOrders distinct and attaches a referral once, across both workers", async () => {
      const { db } = database;
      const [distinct, same] = [await seedPatient(db, 5001), await seedPatient(db, 5002)];
      const replies = await Promise.all([
        ...Array.from({ length: 12 }, (_, i) =>
          post({ PatNum: distinct, referralName: `Cluster ${i}` }),
        ),
        ...Array.from({ length: 12 }, () => post({ PatNum: same, referralName: "Cluster Twin" })),
      ]);
      const [toDistinct, toSame] = [replies.slice(0, 12), replies.slice(12)];
      expect(toDistinct.map((r) => r.status)).toEqual(Array(12).fill(201));
      const orders = (await storedRefAttaches(db, distinct)).map((r) => Number(r.ItemOrder));
      expect(orders).toEqual([...Array(12).keys()]);

      expect(toSame.filter((r) => r.status === 201)).toHaveLength(1);
      expect(toSame.filter((r) => r.status === 400).map((r) => r.body)).toEqual(
        Array(11).fill(messages.alreadyAttached),
      );
      expect(await storedRefAttaches(db, same)).toHaveLength(1);
      const twins = await db
        .selectFrom("referral")
        .select("ReferralNum")
        .where("LName", "=", "Cluster Twin")
        .execute();
      expect(twins).toHaveLength(1);

      // Both processes answered: each request line carries the pid of the worker that served it
      // (log lines reach stdout within the logger's flush interval).
      const pids = () =>
        new Set(
          output
            .split("\n")
            .filter((line) => line.includes('"msg":"request"'))
            .map((line) => (JSON.parse(line) as { pid: number }).pid),
        ).size;
      await expect.poll(pids, { timeout: 5000 }).toBe(2);
    });

    it("delivers the changes both workers make once each, from one of them", async () => {
      const receiver = await startReceiver();
      try {
        const subscribed = await fetch(`${url}/subscriptions`, {
          method: "POST",
          headers: { Authorization: AUTH, "Content-Type": "application/json" },
          body: JSON.stringify({
            EndPointUrl: receiver.url,
            WatchTable: "RefAttach",
            PollingSeconds: 1,
          }),
        });
        expect(subscribed.status).toBe(201);
        const patients = await Promise.all(
          Array.from({ length: 16 }, (_, i) => seedPatient(database.db, 5100 + i)),
        );
        const replies = await Promise.all(
          patients.map((PatNum) => post({ PatNum, referralName: "Cluster Events" })),
        );
        expect(replies.map((r) => r.status)).toEqual(Array(16).fill(201));
        const rows = () => receiver.received.flatMap((delivery) => delivery.rows);
        await receiver.until(() => rows().length >= replies.length);
        const byNum = (a: { RefAttachNum?: unknown }, b: { RefAttachNum?: unknown }) =>
          Number(a.RefAttachNum) - Number(b.RefAttachNum);
        expect([...rows()].sort(byNum)).toEqual(replies.map((r) => r.body).sort(byNum));
        const ids = receiver.received.map((delivery) => delivery.id);
        expect(new Set(ids).size).toBe(ids.length);
        const deliveredBy = () =>
          new Set(
            output
              .split("\n")
              .filter((line) => line.includes('"msg":"delivered"'))
              .map((line) => (JSON.parse(line) as { pid: number }).pid),
          );
        await expect.poll(() => deliveredBy().size, { timeout: 5000 }).toBe(1);
      } finally {
        await receiver.close();
      }
    });

    it("stops every worker on SIGTERM and exits 0", async () => {
      const workerPids = [
        ...new Set(
          output
            .split("\n")
            .filter((line) => line.includes("listening on"))
            .map((line) => (JSON.parse(line) as { pid: number }).pid),
        ),
      ];
      expect(workerPids).toHaveLength(2);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      for (const pid of workerPids) expect(() => process.kill(pid, 0)).toThrow();
    });
  });
}
