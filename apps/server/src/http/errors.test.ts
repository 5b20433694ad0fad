import { expect, it } from "vitest";
import { createApp } from "../app.js";
import { messages } from "../domain/errors.js";
import { openStore } from "../store/open.js";
import { AUTH } from "../testing/index.js";

it("answers an unexpected failure with a generic 500 and logs no message or data", async () => {
  const store = await openStore("sqlite::memory:");
  const lines: string[] = [];
  const failure = Object.assign(new Error("Duplicate entry 'Jane Doe' for key 'LName'"), {
    code: "ER_DUP_ENTRY",
  });
  const app = createApp({
    store: { ...store, listRefAttaches: () => Promise.reject(failure) },
    apiKeys: [{ developerKey: "demo-developer-key", customerKey: "demo-customer-key" }],
    log: (line) => lines.push(line),
  });
  const reply = await app.request("/api/v1/refattaches", { headers: { Authorization: AUTH } });
  await store.close();

  expect(reply.status).toBe(500);
  expect(await reply.json()).toBe(messages.internal);
  const log = lines.join("\n");
  expect(log).toContain("error GET /api/v1/refattaches: Error (ER_DUP_ENTRY)");
  expect(log).not.toContain("Jane Doe");
});
