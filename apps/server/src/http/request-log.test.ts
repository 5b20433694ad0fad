// Log lines cannot be forged: a path with percent-encoded CR, LF, ESC or a Unicode line
// separator is answered, and the real process writes exactly one well-formed JSON line for it,
// holding the route pattern, never the path as sent.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApp } from "../app.js";
import { DEMO_API_KEY } from "../config.js";
import { openStore } from "../store/open.js";
import { AUTH } from "../testing/index.js";
import { captureLogs } from "../testing/logs.js";
import { type ServerProcess, startServerProcess } from "../testing/process.js";
import { routeLog } from "./request-log.js";

const HOSTILE_PATHS = [
  "/x%0AGET%20/api/v1/refattaches%20200%200.1ms%20FORGED",
  "/x%0D%0A%7B%22level%22%3A%22info%22%2C%22msg%22%3A%22FORGED%22%7D",
  "/refattaches/1%0AFORGED",
  "/x%1B%5B31mFORGED%1B%5B0m",
  "/x%E2%80%A8FORGED%E2%80%A9",
  "/refattaches?PatNum=25%0AFORGED",
];

let dir: string;
let server: ServerProcess;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "refattaches-log-"));
  server = startServerProcess({ LOG_LEVEL: "info" }, { dir });
  url = await server.listening;
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("writes one well-formed JSON line per request, with nothing forged", async () => {
  const before = server.output().split("\n").filter(Boolean).length;
  const ids: string[] = [];
  for (const path of HOSTILE_PATHS) {
    for (const headers of [{ Authorization: AUTH }, {}] as Record<string, string>[]) {
      const reply = await fetch(`${url}${path}`, { headers });
      expect(reply.status).toBeLessThan(500);
      ids.push(reply.headers.get("X-Request-Id") ?? "");
    }
  }
  // The asynchronous log destination writes within moments.
  await expect
    .poll(() => server.output().split("\n").filter(Boolean).length)
    .toBe(before + ids.length);

  const lines = server.output().split("\n").filter(Boolean).slice(before);
  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(entries.map((entry) => entry.reqId)).toEqual(ids);
  for (const [i, entry] of entries.entries()) {
    expect(entry).toMatchObject({ level: "info", msg: "request", method: "GET" });
    expect(String(entry.route)).toMatch(/^\/[A-Za-z0-9/:*_-]*$/);
    expect(lines[i]).not.toContain("FORGED");
    // No control character, escape or Unicode line break survives into the line.
    const codes = [...(lines[i] ?? "")].map((ch) => ch.codePointAt(0) ?? 0);
    expect(codes.filter((c) => c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029)).toEqual([]);
  }
});

it("logs successful probes at debug level only, so an orchestrator's polling stays out of info logs", async () => {
  const store = await openStore("sqlite::memory:");
  const logs = captureLogs();
  const app = createApp({ store, apiKeys: [DEMO_API_KEY], logger: logs.logger });
  expect((await app.request("/health")).status).toBe(200);
  expect((await app.request("/ready")).status).toBe(200);
  expect((await app.request("/health?x=1")).status).toBe(400);
  expect((await app.request("/api/v1/refattaches")).status).toBe(401);
  await store.close();
  expect(logs.entries().map((entry) => [entry.route, entry.status])).toEqual([
    ["/health", 400],
    ["/api/v1/refattaches", 401],
  ]);
});

it("writes a request line exactly as pino would write the same fields", () => {
  const direct = captureLogs();
  const started = performance.now();
  routeLog(
    direct.logger,
    "/api/v1/refattaches/:RefAttachNum",
  )({
    id: "0b96241d-38c5-4e8c-bc20-886393e60e6f",
    method: "PUT",
    status: 404,
    started,
  });
  const viaPino = captureLogs();
  viaPino.logger.info(
    {
      reqId: "0b96241d-38c5-4e8c-bc20-886393e60e6f",
      method: "PUT",
      route: "/api/v1/refattaches/:RefAttachNum",
      status: 404,
      ms: 0,
    },
    "request",
  );
  const [line] = direct.entries();
  const [expected] = viaPino.entries();
  expect(Object.keys(line ?? {}).sort()).toEqual(Object.keys(expected ?? {}).sort());
  expect({ ...line, time: 0, ms: 0 }).toEqual({ ...expected, time: 0, ms: 0 });
  expect(typeof line?.time).toBe("number");
  expect(line?.ms).toBeGreaterThanOrEqual(0);
});
