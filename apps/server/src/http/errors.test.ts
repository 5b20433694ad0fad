import { expect, it } from "vitest";
import { createApp } from "../app.js";
import { messages } from "../domain/errors.js";
import { openStore } from "../store/open.js";
import { AUTH } from "../testing/index.js";
import { captureLogs } from "../testing/logs.js";

it("answers an unexpected failure with a generic 500 and logs no message or data", async () => {
  const store = await openStore("sqlite::memory:");
  const logs = captureLogs();
  const failure = Object.assign(new Error("Duplicate entry 'Jane Doe' for key 'LName'"), {
    code: "ER_DUP_ENTRY",
  });
  const app = createApp({
    store: { ...store, listRefAttaches: () => Promise.reject(failure) },
    apiKeys: [{ developerKey: "demo-developer-key", customerKey: "demo-customer-key" }],
    logger: logs.logger,
  });
  const reply = await app.request("/api/v1/refattaches?PatNum=25", {
    headers: { Authorization: AUTH },
  });
  await store.close();

  expect(reply.status).toBe(500);
  expect(await reply.json()).toBe(messages.internal);
  const requestId = reply.headers.get("X-Request-Id");
  expect(logs.entries()).toEqual([
    expect.objectContaining({
      level: "error",
      msg: "unhandled error",
      reqId: requestId,
      method: "GET",
      route: "/api/v1/refattaches",
      err: expect.objectContaining({ name: "Error", code: "ER_DUP_ENTRY" }),
    }),
    expect.objectContaining({ level: "info", msg: "request", reqId: requestId, status: 500 }),
  ]);
  const log = logs.lines.join("\n");
  expect(log).not.toContain("Jane Doe");
  expect(log).not.toContain("PatNum");
});
