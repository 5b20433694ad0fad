import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.js";
import { DEMO_API_KEY, defaultConfig } from "../config.js";
import { messages } from "../domain/errors.js";
import { openStore } from "../store/open.js";
import type { Store } from "../store/store.js";
import { AUTH } from "../testing/index.js";
import { type ServerProcess, startServerProcess } from "../testing/process.js";

const MiB = 1024 * 1024;
const json = { Authorization: AUTH, "Content-Type": "application/json" };

describe("the body limit, in the app", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore("sqlite::memory:", { demoData: true });
  });
  afterAll(async () => {
    await store.close();
  });

  const app = (bodyLimit?: number) =>
    createApp({ store, apiKeys: [DEMO_API_KEY], ...(bodyLimit && { bodyLimit }) });

  /** A body of `size` bytes that arrives in 64 KiB chunks without a Content-Length. */
  function chunked(size: number): ReadableStream<Uint8Array> {
    let sent = 0;
    return new ReadableStream({
      pull(controller) {
        if (sent >= size) return controller.close();
        const chunk = new Uint8Array(Math.min(64 * 1024, size - sent)).fill(0x20);
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
  }

  it("is 1 MiB by default", () => {
    expect(defaultConfig().bodyLimit).toBe(MiB);
  });

  it("refuses a declared Content-Length over the limit with 413 and a JSON explanation", async () => {
    for (const [method, path] of [
      ["POST", "/refattaches"],
      ["PUT", "/refattaches/1"],
      ["POST", "/referrals"],
      ["PUT", "/referrals/1"],
    ] as const) {
      const response = await app().fetch(
        new Request(`http://server.test/api/v1${path}`, {
          method,
          headers: { ...json, "Content-Length": String(MiB + 1) },
          // Never read: the declared length decides.
          body: chunked(MiB + 1),
          duplex: "half",
        } as RequestInit),
      );
      expect(response.status).toBe(413);
      expect(response.headers.get("Connection")).toBe("close");
      expect(await response.json()).toBe(messages.bodyTooLarge(MiB));
    }
  });

  it("cuts off a chunked body when it passes the limit", async () => {
    const response = await app(1000).fetch(
      new Request("http://server.test/api/v1/refattaches", {
        method: "POST",
        headers: json,
        body: chunked(5000),
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toBe(messages.bodyTooLarge(1000));
  });

  it("passes a body within the limit on to validation, chunked or not", async () => {
    const body = JSON.stringify({ PatNum: 1, referralName: "x", Note: "x".repeat(900) });
    for (const stream of [false, true]) {
      const response = await app(1000).fetch(
        new Request("http://server.test/api/v1/refattaches", {
          method: "POST",
          headers: json,
          body: stream ? new Blob([body]).stream() : body,
          duplex: "half",
        } as RequestInit),
      );
      expect(response.status).toBe(404);
      expect(await response.json()).toBe(messages.patientNotFound);
    }
  });

  it("answers 401 to a caller without a key before reading any of the body", async () => {
    const response = await app().fetch(
      new Request("http://server.test/api/v1/refattaches", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": String(10 * MiB) },
        body: chunked(10 * MiB),
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(401);
  });
});

/** The process's peak resident memory so far (Linux: VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
  return kib / 1024;
}

/** Streams `size` bytes of body at the server until it answers; resolves with the status. */
function streamBody(port: number, size: number, declareLength: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/api/v1/refattaches",
      headers: { ...json, ...(declareLength && { "Content-Length": String(size) }) },
    });
    let answered = false;
    req.on("response", (response) => {
      answered = true;
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    // The server closes the connection after its 413: the rest of the body goes nowhere.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (!answered && sent < size && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}

describe.skipIf(process.platform !== "linux")("the body limit, in a real process", () => {
  let server: ServerProcess;
  let port: number;
  beforeAll(async () => {
    server = startServerProcess({});
    port = Number(new URL(await server.listening).port);
  });
  afterAll(async () => {
    await server.stop();
  });

  it("answers 413 to huge bodies while its memory stays bounded", async () => {
    const pid = server.child.pid ?? 0;
    const before = peakRssMiB(pid);
    // One 200 MiB body with its length declared, then four 150 MiB chunked ones at once:
    // without the limit these took the process from 175 MB to 691 MB and 1.43 GB.
    expect(await streamBody(port, 200 * MiB, true)).toBe(413);
    const parallel = await Promise.all(
      Array.from({ length: 4 }, () => streamBody(port, 150 * MiB, false)),
    );
    expect(parallel).toEqual([413, 413, 413, 413]);
    const grewMiB = peakRssMiB(pid) - before;
    // Each body is held up to the 1 MiB limit at most; the rest is headroom for the GC.
    console.log(`peak RSS ${before.toFixed(1)} MiB before, grew ${grewMiB.toFixed(1)} MiB`);
    expect(grewMiB).toBeLessThan(64);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
  });
});
