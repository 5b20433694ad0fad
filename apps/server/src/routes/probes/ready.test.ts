import { describe, expect, it } from "vitest";
import { createApp } from "../../app.js";
import { messages } from "../../domain/errors.js";
import { openStore } from "../../store/open.js";
import type { Store } from "../../store/store.js";
import { describeEachBackend, send } from "../../testing/index.js";

describeEachBackend("GET /ready", (server) => {
  it("answers 200 after a database round trip, without an Authorization header", async () => {
    const reply = await send(server().origin, "GET", "/ready", { headers: {} });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: "ready" });
  });
});

// The MySQL backend's 503 while the database is away is in store/mysql/unreachable.test.ts, behind a
// proxy that is closed and opened again.
describe("GET /ready when the database cannot answer", () => {
  async function ready(store: Store, readyTimeoutMs?: number) {
    const app = createApp({ store, apiKeys: [], ...(readyTimeoutMs && { readyTimeoutMs }) });
    const response = await app.fetch(new Request("http://server.test/ready"));
    return { status: response.status, body: await response.json() };
  }

  it("answers 503 with the reason once the SQLite database is closed", async () => {
    const store = await openStore("sqlite::memory:");
    expect(await ready(store)).toEqual({ status: 200, body: { status: "ready" } });
    await store.close();
    expect(await ready(store)).toEqual({ status: 503, body: messages.databaseUnavailable });
  });

  it("answers 503 within its time limit when the database stalls instead of refusing", async () => {
    const store = await openStore("sqlite::memory:");
    // A round trip that never comes back, as from a database host that stopped answering.
    const stalled: Store = { ...store, ping: () => new Promise<void>(() => {}) };
    expect(await ready(stalled, 300)).toEqual({
      status: 503,
      body: messages.databaseTooSlow(300),
    });
    await store.close();
  });
});
