// The lingering close, against the server as its own process: with client and server in one
// event loop the race never shows. An answer given before the body is read (413, 401) reaches
// Node's own fetch every time, and a client that never stops sending is still cut off.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../domain/errors.js";
import { AUTH } from "../testing/index.js";
import { type ServerProcess, startServerProcess } from "../testing/process.js";
import { LINGER } from "./lingering-close.js";

const MiB = 1024 * 1024;
const TRIES = 50;

let server: ServerProcess;
let url: string;

beforeAll(async () => {
  server = startServerProcess({ DATABASE_URL: "sqlite::memory:" });
  url = await server.listening;
});

afterAll(async () => {
  await server.stop();
});

/** One POST through Node's fetch: the status and body it read, or the error it got. */
async function post(body: Uint8Array, authorization = AUTH) {
  try {
    const reply = await fetch(`${url}/refattaches`, {
      method: "POST",
      headers: { Authorization: authorization, "Content-Type": "application/json" },
      body,
    });
    return { status: reply.status, body: await reply.json() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { error: cause?.code ?? String(error) };
  }
}

describe("an answer before the body is read", () => {
  it.each([2 * MiB, 50 * MiB])(
    "is a 413 with its explanation through Node's fetch, %d bytes, every time",
    async (size) => {
      const body = new Uint8Array(size).fill(0x20);
      const outcomes = [];
      for (let i = 0; i < TRIES; i++) outcomes.push(await post(body));
      expect(outcomes).toEqual(
        Array(TRIES).fill({ status: 413, body: messages.bodyTooLarge(MiB) }),
      );
    },
    120_000,
  );

  it("is a 401 with its explanation through Node's fetch, every time", async () => {
    const body = new Uint8Array(2 * MiB).fill(0x20);
    const outcomes = [];
    // Under the failed-authentication throttle (20 a minute): the first 20 are 401s.
    for (let i = 0; i < 20; i++) outcomes.push(await post(body, "ODFHIR demo/unknown"));
    expect(outcomes).toEqual(Array(20).fill({ status: 401, body: messages.unknownKeys }));
  });

  it("discards a small rest of the body and keeps the connection for the next request", async () => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    const body = "x".repeat(64 * 1024);
    const request = (type: string) =>
      `POST /api/v1/refattaches HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\n` +
      `Content-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    let received = "";
    socket.on("data", (data) => {
      received += data.toString();
    });
    // A body refused before it is read, then a second request on the same connection.
    socket.write(request("text/plain"));
    socket.write(request("application/json"));
    await expect.poll(() => received.match(/HTTP\/1\.1 \d{3} /g)?.length ?? 0).toBe(2);
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1\.1 400 [\s\S]*Content-Type must be application\/json/);
    expect(received).toMatch(/HTTP\/1\.1 400 [\s\S]*Malformed JSON/);
    expect(received.toLowerCase()).not.toContain("connection: close");
  });
});

interface Cut {
  /** Bytes the client sent after the answer arrived, before the server closed. */
  sentAfterAnswer: number;
  /** Milliseconds from the answer to the close. */
  msAfterAnswer: number;
  answer: string;
}

/**
 * A client that declares a huge body and sends it at `chunkBytes` every `everyMs` (0: as fast
 * as the connection takes it), never stopping, until the server closes the connection or
 * `giveUpBytes` have gone after the answer.
 */
function endlessBody(chunkBytes: number, everyMs: number, giveUpBytes: number): Promise<Cut> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    // Half-open allowed: it goes on sending after the server has shut its side.
    const socket = connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    const chunk = Buffer.alloc(chunkBytes, 0x20);
    let answer = "";
    let answeredAt: number | undefined;
    let sentAtAnswer = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      if (answeredAt === undefined) return reject(new Error("closed before any answer"));
      resolve({
        sentAfterAnswer: socket.bytesWritten - sentAtAnswer,
        msAfterAnswer: performance.now() - answeredAt,
        answer,
      });
    };
    const pump = () => {
      if (socket.destroyed) return;
      if (answeredAt !== undefined && socket.bytesWritten - sentAtAnswer > giveUpBytes) {
        socket.destroy();
        return reject(new Error(`still open after ${giveUpBytes} bytes past the answer`));
      }
      const more = socket.write(chunk);
      if (everyMs > 0) timer = setTimeout(pump, everyMs);
      else if (more) setImmediate(pump);
      else socket.once("drain", pump);
    };
    socket.on("data", (data) => {
      if (answeredAt === undefined) {
        answeredAt = performance.now();
        sentAtAnswer = socket.bytesWritten;
      }
      answer += data.toString();
    });
    socket.on("error", () => {});
    socket.on("close", finish);
    socket.write(
      "POST /api/v1/refattaches HTTP/1.1\r\nHost: x\r\n" +
        `Authorization: ${AUTH}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${1024 * MiB}\r\n\r\n`,
    );
    pump();
  });
}

describe("a client that never stops sending", () => {
  it("is cut off after at most the lingering bound of bytes", async () => {
    const cut = await endlessBody(64 * 1024, 0, 4 * LINGER.bytes);
    expect(cut.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(cut.answer.toLowerCase()).toContain("connection: close");
    // What the client sent past the bound sat in the two kernels' socket buffers.
    expect(cut.sentAfterAnswer).toBeLessThan(LINGER.bytes + 16 * MiB);
  }, 60_000);

  it("is cut off at the lingering time bound when it trickles", async () => {
    const cut = await endlessBody(1024, 50, LINGER.bytes);
    expect(cut.answer).toMatch(/^HTTP\/1\.1 413 /);
    // It lingered (not closed at once), and not much past the bound.
    expect(cut.msAfterAnswer).toBeGreaterThan(LINGER.ms - 500);
    expect(cut.msAfterAnswer).toBeLessThan(LINGER.ms + 5000);
  }, 30_000);
});
