// Retries, Retry-After, pacing and timeouts, against a scripted HTTP server on 127.0.0.1 that
// answers each request with the next step of its script (a 429, a 503, a dropped connection,
// a slow answer), and records what arrived and when.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DOCUMENTED_GET_EXAMPLE } from "@refattaches/server/testing";
import { afterEach, describe, expect, test } from "vitest";
import {
  createRefAttachesClient,
  type RefAttachesClientOptions,
  RefAttachesError,
} from "./index.js";

type Step =
  | { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  | { drop: true };

interface Arrival {
  method: string;
  path: string;
  body: string;
}

interface ScriptedServer {
  baseUrl: string;
  arrivals: Arrival[];
  /**
   * When the client sent each request (`performance.now()` in its fetch). Waits are measured
   * here, not at the server, where a busy machine can delay one arrival more than the next.
   */
  departures: number[];
  close(): Promise<void>;
}

const servers: ScriptedServer[] = [];

/** A full garbage collection, on demand (the flag is set at run time, for this test only). */
function garbageCollector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** Answers request N with `script[N]`, and with 200 `[row]` once the script is used up. */
async function scriptedServer(script: Step[]): Promise<ScriptedServer> {
  const arrivals: Arrival[] = [];
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    arrivals.push({
      method: request.method ?? "",
      path: request.url ?? "",
      body: Buffer.concat(chunks).toString("utf8"),
    });
    const step = script[arrivals.length - 1] ?? { status: 200, body: [DOCUMENTED_GET_EXAMPLE] };
    if ("drop" in step) {
      request.socket.destroy();
      return;
    }
    if (step.delayMs !== undefined) await new Promise((r) => setTimeout(r, step.delayMs));
    if (response.destroyed) return;
    response.writeHead(step.status, { "Content-Type": "application/json", ...step.headers });
    response.end(JSON.stringify(step.body ?? "Try again later"));
  };
  const http = createServer((request, response) => void answer(request, response));
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  const { port } = http.address() as AddressInfo;
  const server: ScriptedServer = {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    arrivals,
    departures: [],
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  servers.push(server);
  return server;
}

function clientFor(server: ScriptedServer, options: Partial<RefAttachesClientOptions> = {}) {
  return createRefAttachesClient({
    baseUrl: server.baseUrl,
    developerKey: "dev",
    customerKey: "cust",
    retry: { baseDelayMs: 10 },
    fetch: (request) => {
      server.departures.push(performance.now());
      return fetch(request);
    },
    ...options,
  });
}

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - (times[i] ?? 0));
// Timers may fire a little early as performance.now() sees it, and a busy machine may pause
// between a request's turn and its fetch: allow that much.
const EARLY = 10;
const tooMany = (retryAfter: string): Step => ({
  status: 429,
  headers: { "Retry-After": retryAfter },
  body: "Too many requests",
});
const unavailable: Step = { status: 503, body: "Service unavailable" };

describe("retries", () => {
  test("a GET answered 429 waits the Retry-After seconds, then succeeds", async () => {
    const server = await scriptedServer([tooMany("1")]);
    const rows = await clientFor(server).list({ PatNum: 25 });
    expect(rows).toEqual([DOCUMENTED_GET_EXAMPLE]);
    expect(server.arrivals.map((a) => a.method)).toEqual(["GET", "GET"]);
    expect(gaps(server.departures)[0]).toBeGreaterThanOrEqual(1000 - EARLY);
  });

  test("a GET answered 503 twice is retried with growing backoff and succeeds the third time", async () => {
    const server = await scriptedServer([unavailable, unavailable]);
    const client = clientFor(server, { retry: { baseDelayMs: 40 } });
    expect(await client.referrals.list()).toEqual([DOCUMENTED_GET_EXAMPLE]);
    expect(server.arrivals).toHaveLength(3);
    const [first, second] = gaps(server.departures);
    // Equal jitter: at least half of 40 ms, then at least half of 80 ms.
    expect(first).toBeGreaterThanOrEqual(20 - EARLY);
    expect(second).toBeGreaterThanOrEqual(40 - EARLY);
  });

  test("gives up after the configured retries and throws the last answer", async () => {
    const server = await scriptedServer([unavailable, unavailable, unavailable, unavailable]);
    const error = await clientFor(server, { retry: { retries: 2, baseDelayMs: 5 } })
      .list()
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(RefAttachesError);
    expect(error).toMatchObject({ status: 503, explanation: "Service unavailable" });
    expect(server.arrivals).toHaveLength(3);
  });

  test("PUT and DELETE are retried, a PUT with the same body each time", async () => {
    const server = await scriptedServer([
      tooMany("0"),
      { status: 200, body: DOCUMENTED_GET_EXAMPLE },
      unavailable,
      { status: 200 },
    ]);
    const client = clientFor(server);
    await client.update(1, { Note: "retried" });
    await client.remove(1);
    expect(server.arrivals.map(({ method, path, body }) => [method, path, body])).toEqual([
      ["PUT", "/api/v1/refattaches/1", '{"Note":"retried"}'],
      ["PUT", "/api/v1/refattaches/1", '{"Note":"retried"}'],
      ["DELETE", "/api/v1/refattaches/1", ""],
      ["DELETE", "/api/v1/refattaches/1", ""],
    ]);
  });

  test("a POST is never retried unless POST is among the retried methods", async () => {
    const once429 = await scriptedServer([tooMany("0")]);
    const error = await clientFor(once429)
      .create({ PatNum: 25, ReferralNum: 3 })
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ status: 429, explanation: "Too many requests" });
    expect(once429.arrivals).toHaveLength(1);

    const asked = await scriptedServer([
      tooMany("0"),
      { status: 201, body: DOCUMENTED_GET_EXAMPLE },
    ]);
    const client = clientFor(asked, { retry: { methods: ["GET", "PUT", "DELETE", "POST"] } });
    expect(await client.create({ PatNum: 25, ReferralNum: 3 })).toEqual(DOCUMENTED_GET_EXAMPLE);
    expect(asked.arrivals.map((a) => a.body)).toEqual([
      '{"PatNum":25,"ReferralNum":3}',
      '{"PatNum":25,"ReferralNum":3}',
    ]);
  });

  test("a dropped connection is retried for a GET but not for a POST", async () => {
    const server = await scriptedServer([{ drop: true }, { drop: true }]);
    expect(await clientFor(server).list()).toEqual([DOCUMENTED_GET_EXAMPLE]);
    expect(server.arrivals).toHaveLength(3);

    const post = await scriptedServer([{ drop: true }]);
    await expect(clientFor(post).create({ PatNum: 25, ReferralNum: 3 })).rejects.toThrow(
      "fetch failed",
    );
    expect(post.arrivals).toHaveLength(1);
  });

  test("a Retry-After beyond maxDelayMs is not waited for: the 429 is thrown at once", async () => {
    const server = await scriptedServer([tooMany("3600")]);
    const started = performance.now();
    const error = await clientFor(server, { retry: { maxDelayMs: 2000 } })
      .list()
      .catch((reason: unknown) => reason);
    expect(error).toMatchObject({ status: 429, operation: "listRefAttaches" });
    expect(server.arrivals).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("retry: false sends each request once", async () => {
    const server = await scriptedServer([unavailable]);
    await expect(clientFor(server, { retry: false }).list()).rejects.toMatchObject({ status: 503 });
    expect(server.arrivals).toHaveLength(1);
  });

  test("the raw openapi-fetch methods go through the same retries", async () => {
    const server = await scriptedServer([unavailable]);
    const { data, response } = await clientFor(server).GET("/refattaches", {});
    expect(response.status).toBe(200);
    expect(data).toEqual([DOCUMENTED_GET_EXAMPLE]);
    expect(server.arrivals).toHaveLength(2);
  });
});

describe("signal and timeoutMs", () => {
  test("aborting during a Retry-After wait rejects at once, without another request", async () => {
    const server = await scriptedServer([tooMany("30")]);
    const controller = new AbortController();
    const pending = clientFor(server).list({}, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(server.arrivals).toHaveLength(1);
  });

  test("an attempt slower than timeoutMs is aborted, and retried for a GET", async () => {
    const server = await scriptedServer([{ status: 200, body: [], delayMs: 1000 }]);
    const client = clientFor(server, { timeoutMs: 200 });
    expect(await client.list()).toEqual([DOCUMENTED_GET_EXAMPLE]);
    expect(server.arrivals).toHaveLength(2);

    const slow = await scriptedServer([{ status: 200, body: [], delayMs: 1000 }]);
    const once = clientFor(slow, { timeoutMs: 200, retry: false });
    await expect(once.list()).rejects.toMatchObject({ name: "TimeoutError" });
  });

  test("the timeout holds when garbage is collected during a slow attempt", async () => {
    // Node holds AbortSignal.timeout's timer, and the signals a Request follows, weakly: a
    // collection while the answer is late once dropped them, and the attempt waited the full
    // second (a CI run under load).
    const collect = garbageCollector();
    const slow = await scriptedServer([{ status: 200, body: [], delayMs: 1000 }]);
    const once = clientFor(slow, { timeoutMs: 200, retry: false });
    const pending = once.list();
    for (const ms of [20, 60, 100]) setTimeout(collect, ms);
    await expect(pending).rejects.toMatchObject({ name: "TimeoutError" });
  });

  test("options that make no sense are refused when the client is created", () => {
    const keys = { developerKey: "dev", customerKey: "cust" };
    expect(() => createRefAttachesClient({ ...keys, timeoutMs: 0 })).toThrow(
      "timeoutMs must be a positive number",
    );
    expect(() => createRefAttachesClient({ ...keys, minIntervalMs: -1 })).toThrow(
      "minIntervalMs must be a non-negative number",
    );
  });
});

describe("minIntervalMs", () => {
  test("spaces the starts of one client's requests, concurrent ones included", async () => {
    const server = await scriptedServer([]);
    const client = clientFor(server, { minIntervalMs: 150 });
    await Promise.all([client.list(), client.list(), client.referrals.get(3)]);
    expect(server.arrivals).toHaveLength(3);
    for (const gap of gaps(server.departures)) expect(gap).toBeGreaterThanOrEqual(150 - EARLY);
  });

  test("counts retries as requests", async () => {
    const server = await scriptedServer([tooMany("0")]);
    await clientFor(server, { minIntervalMs: 150 }).list();
    expect(server.arrivals).toHaveLength(2);
    expect(gaps(server.departures)[0]).toBeGreaterThanOrEqual(150 - EARLY);
  });

  test("paces each client instance on its own", async () => {
    const server = await scriptedServer([]);
    const first = clientFor(server, { minIntervalMs: 5000 });
    const second = clientFor(server, { minIntervalMs: 5000 });
    const started = performance.now();
    await Promise.all([first.list(), second.list()]);
    // Two instances, one request each: neither waits for the other's interval.
    expect(performance.now() - started).toBeLessThan(4000);
  });
});
