// SIGKILL between the commit of a change and its delivery loses nothing: the server is killed
// while the batch is on its way (the receiver holds the request open), and the server started
// again on the same database sends the batch, with the same webhook-id, once the dead one's
// lease has expired. Real processes (testing/process.ts), so the kill is a real SIGKILL.
import { afterEach, describe, expect, it } from "vitest";
import {
  AUTH,
  backends,
  seedPatient,
  startReceiver,
  type TestDatabase,
  type TestReceiver,
} from "../testing/index.js";
import { type ServerProcess, startServerProcess } from "../testing/process.js";

const running: ServerProcess[] = [];
const receivers: TestReceiver[] = [];
const databases: TestDatabase[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
  for (const receiver of receivers.splice(0)) await receiver.close();
  for (const database of databases.splice(0)) await database.drop();
});

async function call(url: string, method: string, path: string, body: unknown) {
  const reply = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: AUTH, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
}

for (const backend of backends) {
  describe.skipIf(backend.skipReason)(`a server killed with SIGKILL [${backend.name}]`, () => {
    it("delivers the batch after a restart, with the same webhook-id", async () => {
      const database = await backend.create();
      databases.push(database);
      const receiver = await startReceiver();
      receivers.push(receiver);
      receiver.answer = (_, index) => (index === 0 ? "hang" : { status: 200 });
      const env = {
        DATABASE_URL: database.url,
        WEBHOOK_ALLOW_PRIVATE_URLS: "1",
        LOG_LEVEL: "info",
      };

      const first = startServerProcess(env);
      running.push(first);
      const url = await first.listening;
      const PatNum = await seedPatient(database.db, 1200);
      const subscribed = await call(url, "POST", "/subscriptions", {
        EndPointUrl: receiver.url,
        WatchTable: "RefAttach",
        PollingSeconds: 1,
      });
      expect(subscribed.status).toBe(201);
      const created = await call(url, "POST", "/refattaches", {
        PatNum,
        referralName: "Events Killed",
      });
      expect(created.status).toBe(201);
      // The batch is on its way, its receiver silent: now the server dies.
      await receiver.until((r) => r.length >= 1, 15_000);
      first.child.kill("SIGKILL");
      expect(await first.exited).toBeNull();

      const second = startServerProcess(env);
      running.push(second);
      await second.listening;
      await receiver.until((r) => r.length >= 2, 30_000);
      const [cut, resent] = receiver.received;
      expect(resent?.id).toBe(cut?.id);
      expect(resent?.rows).toEqual([created.body]);
      expect(receiver.accepted()).toHaveLength(1);
      // Its log lines reach stdout within the logger's flush interval.
      await expect.poll(() => second.output()).toContain("change events: this process delivers");
    }, 60_000);
  });
}
