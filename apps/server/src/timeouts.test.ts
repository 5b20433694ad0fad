// A client that is slow to send its request is cut off, so it cannot hold a connection (and
// the memory behind it) for long: HEADERS_TIMEOUT_MS for the headers, REQUEST_TIMEOUT_MS for
// the whole request.
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AUTH } from "./testing/index.js";
import { type ServerProcess, startServerProcess } from "./testing/process.js";

const running: ServerProcess[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

/** Sends `head`, then nothing more; resolves with what came back once the server closed. */
async function stall(port: number, head: string): Promise<{ answer: string; afterMs: number }> {
  const socket = connect(port, "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk) => {
    answer += chunk.toString();
  });
  socket.on("error", () => {});
  await new Promise((resolve) => socket.once("connect", resolve));
  const sent = performance.now();
  socket.write(head);
  await new Promise((resolve) => socket.once("close", resolve));
  return { answer, afterMs: performance.now() - sent };
}

describe("request timeouts", () => {
  it("answers 408 and closes a connection whose headers or body stall", async () => {
    const server = startServerProcess({ HEADERS_TIMEOUT_MS: "1000", REQUEST_TIMEOUT_MS: "2000" });
    running.push(server);
    const port = Number(new URL(await server.listening).port);

    const headers = await stall(port, "GET /api/v1/refattaches HTTP/1.1\r\nHost: x\r\n");
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408 /);
    // Node checks the deadlines once a second.
    expect(headers.afterMs).toBeGreaterThanOrEqual(1000);
    expect(headers.afterMs).toBeLessThan(1000 + 1500);

    const body = await stall(
      port,
      "POST /api/v1/refattaches HTTP/1.1\r\nHost: x\r\n" +
        `Authorization: ${AUTH}\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{`,
    );
    expect(body.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(body.afterMs).toBeGreaterThanOrEqual(2000);
    expect(body.afterMs).toBeLessThan(2000 + 1500);
    // The server goes on serving.
    const health = await fetch(`${new URL(await server.listening).origin}/health`);
    expect(health.status).toBe(200);
  });
});
