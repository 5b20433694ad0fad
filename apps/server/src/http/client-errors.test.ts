// What a client gets when Node's parser refuses its request, over a raw socket.
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { messages } from "../domain/errors.js";
import { type RunningServer, startServer } from "../server.js";
import { AUTH } from "../testing/index.js";

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    databaseUrl: "sqlite::memory:",
    timeouts: { headersMs: 500, requestMs: 800 },
  });
});

afterAll(async () => {
  await server?.close(0);
});

/** Writes `chunks` and reads the answer until the server closes the connection. */
function exchange(chunks: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let answer = "";
    socket.on("data", (data) => {
      answer += data.toString();
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    socket.setTimeout(10_000, () => reject(new Error("no answer within 10 s")));
    for (const chunk of chunks) socket.write(chunk);
  });
}

function parse(answer: string) {
  const [head = "", body = ""] = answer.split("\r\n\r\n");
  const [statusLine = "", ...headers] = head.split("\r\n");
  return {
    status: Number(statusLine.split(" ")[1]),
    headers: headers.map((line) => line.toLowerCase()),
    body: JSON.parse(body) as unknown,
  };
}

it.each([
  [
    "headers over 16 KiB",
    [`GET /api/v1/refattaches HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`],
    431,
    messages.headersTooLarge,
  ],
  ["bytes that are not HTTP", ["\u0001\u0002 nonsense\r\n\r\n"], 400, messages.malformedRequest],
  [
    "a body that stops arriving",
    [
      `POST /api/v1/refattaches HTTP/1.1\r\nHost: x\r\nAuthorization: ${AUTH}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"PatNum":`,
    ],
    408,
    messages.requestTimeout(800),
  ],
])(
  "answers %s with a JSON explanation and closes the connection",
  async (_, chunks, status, text) => {
    const reply = parse(await exchange(chunks));
    expect(reply.status).toBe(status);
    expect(reply.body).toBe(text);
    expect(reply.headers).toEqual(
      expect.arrayContaining([
        "content-type: application/json",
        "cache-control: no-store",
        "x-content-type-options: nosniff",
        "connection: close",
      ]),
    );
  },
);

it("still serves ordinary requests", async () => {
  const reply = await fetch(`${server.origin}/health`);
  expect(reply.status).toBe(200);
});
