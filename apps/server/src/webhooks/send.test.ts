// One delivery attempt against real receivers: node:http servers on 127.0.0.1 in this test.
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "@refattaches/webhooks";
import { afterEach, describe, expect, it } from "vitest";
import { messages } from "../domain/errors.js";
import type { Resolve } from "./endpoint-url.js";
import { newSigningSecret } from "./secret.js";
import {
  ANSWER_READ_LIMIT,
  DELIVERY_DEADLINE_MS,
  type Delivery,
  type SendOptions,
  sendDelivery,
  WEBHOOK_USER_AGENT,
} from "./send.js";

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** TCP connections the receiver accepted. */
  connections: number;
  /** Resolves when a connection the receiver accepted is closed. */
  closed: Promise<void>;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A receiver that records each request, then lets `answer` respond (or not). */
async function startReceiver(
  answer: (response: ServerResponse, request: Received) => void,
): Promise<Receiver> {
  let onClosed: () => void = () => undefined;
  const receiver: Receiver = {
    url: "",
    port: 0,
    received: [],
    connections: 0,
    closed: new Promise((resolve) => {
      onClosed = resolve;
    }),
  };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received = {
      method: request.method ?? "",
      url: request.url ?? "",
      headers: request.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    receiver.received.push(received);
    answer(response, received);
  });
  server.on("connection", (socket) => {
    receiver.connections += 1;
    socket.on("close", () => onClosed());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks/refattaches?office=12`;
  return receiver;
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  (response: ServerResponse) =>
    response.writeHead(code, headers).end();

const now = new Date("2024-05-01T12:00:00Z");
const secret = newSigningSecret();
const batch = JSON.stringify([
  { RefAttachNum: 568, PatNum: 972, Note: "Référé à Dr. Bokish" },
  { RefAttachNum: 569, PatNum: 972, Note: "" },
]);

function delivery(endPointUrl: string, overrides: Partial<Delivery> = {}): Delivery {
  return {
    endPointUrl,
    secrets: [secret],
    webhookId: "msg_2mUE8hL1WrWB3PqHfE9cTz",
    watchTable: "RefAttach",
    body: batch,
    ...overrides,
  };
}

const local: SendOptions = {
  production: false,
  allowPrivate: true,
  deadlineMs: 2000,
  now: () => now,
};

describe("a receiver that answers", () => {
  it("2xx is a success; the POST carries the batch, the headers and a valid signature", async () => {
    const receiver = await startReceiver(status(204));
    const outcome = await sendDelivery(delivery(receiver.url), local);
    expect(outcome).toEqual({ ok: true, status: 204, reason: messages.deliveryStatus(204) });

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/hooks/refattaches?office=12");
    expect(request?.body).toBe(batch);
    const headers = request?.headers ?? {};
    expect(headers).toMatchObject({
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(batch)),
      "event-type": "WatchTable: RefAttach",
      "user-agent": WEBHOOK_USER_AGENT,
      "webhook-id": "msg_2mUE8hL1WrWB3PqHfE9cTz",
      "webhook-timestamp": String(now.getTime() / 1000),
      host: `127.0.0.1:${receiver.port}`,
    });
    expect(WEBHOOK_USER_AGENT).toMatch(/^refattaches-webhooks\/\d+\.\d+\.\d+/);
    expect(headers.authorization).toBeUndefined();
    expect(await verifyWebhook(secret, headers, request?.body ?? "", { now })).toEqual({
      id: "msg_2mUE8hL1WrWB3PqHfE9cTz",
      timestamp: now.getTime() / 1000,
    });
  });

  it("during a rotation both secrets sign, and each verifies", async () => {
    const receiver = await startReceiver(status(200));
    const previous = newSigningSecret();
    await sendDelivery(delivery(receiver.url, { secrets: [secret, previous] }), local);
    const [request] = receiver.received;
    const headers = request?.headers ?? {};
    expect(String(headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const key of [secret, previous]) {
      await expect(verifyWebhook(key, headers, request?.body ?? "", { now })).resolves.toEqual({
        id: "msg_2mUE8hL1WrWB3PqHfE9cTz",
        timestamp: now.getTime() / 1000,
      });
    }
  });

  it.each([500, 404, 410, 429, 400])("%i is a failure naming the status", async (code) => {
    const receiver = await startReceiver(status(code));
    expect(await sendDelivery(delivery(receiver.url), local)).toEqual({
      ok: false,
      status: code,
      reason: messages.deliveryStatus(code),
    });
  });

  it("a failure's Retry-After is passed on as it was sent", async () => {
    for (const retryAfter of ["120", "Wed, 01 May 2024 12:10:00 GMT"]) {
      const receiver = await startReceiver(status(503, { "Retry-After": retryAfter }));
      expect(await sendDelivery(delivery(receiver.url), local)).toEqual({
        ok: false,
        status: 503,
        retryAfter,
        reason: messages.deliveryStatus(503),
      });
    }
  });

  it("3xx is a failure and the redirect is not followed", async () => {
    const elsewhere = await startReceiver(status(204));
    for (const code of [301, 302, 307, 308]) {
      const receiver = await startReceiver(status(code, { Location: elsewhere.url }));
      expect(await sendDelivery(delivery(receiver.url), local)).toEqual({
        ok: false,
        status: code,
        reason: messages.deliveryRedirect(code),
      });
      expect(receiver.received).toHaveLength(1);
    }
    expect(elsewhere.connections).toBe(0);
  });

  it("a long answer body is read only up to the limit, then the connection is closed", async () => {
    let written = 0;
    // Far more than the kernel's socket buffers hold, so only a cut connection stops it early.
    const endless = 4096 * ANSWER_READ_LIMIT;
    const receiver = await startReceiver((response) => {
      response.writeHead(200, { "Content-Type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, "x");
      const more = () => {
        while (written < endless && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", more);
        }
        response.end();
      };
      more();
    });
    expect(await sendDelivery(delivery(receiver.url), local)).toEqual({
      ok: true,
      status: 200,
      reason: messages.deliveryStatus(200),
    });
    await receiver.closed;
    expect(written).toBeLessThan(endless);
  });
});

describe("a receiver that does not answer", () => {
  it("a hanging receiver is cut at the deadline and its connection closed", async () => {
    const receiver = await startReceiver(() => undefined);
    const outcome = await sendDelivery(delivery(receiver.url), { ...local, deadlineMs: 300 });
    expect(outcome).toEqual({ ok: false, reason: messages.deliveryTimeout(0.3) });
    expect(receiver.received).toHaveLength(1);
    await receiver.closed;
  });

  it("the deadline is 15 s by default", async () => {
    const receiver = await startReceiver(() => undefined);
    const started = performance.now();
    const { deadlineMs: _, ...defaults } = local;
    const outcome = await sendDelivery(delivery(receiver.url), defaults);
    const elapsed = performance.now() - started;
    expect(DELIVERY_DEADLINE_MS).toBe(15_000);
    expect(outcome).toEqual({ ok: false, reason: messages.deliveryTimeout(15) });
    // Not cut before 15 s, and cut rather than left waiting (the test's own limit is 25 s).
    expect(elapsed).toBeGreaterThanOrEqual(15_000 - 50);
    expect(elapsed).toBeLessThan(20_000);
    await receiver.closed;
  }, 25_000);

  it("a receiver that closes the connection without answering", async () => {
    const receiver = await startReceiver((response) => response.socket?.destroy());
    expect(await sendDelivery(delivery(receiver.url), local)).toEqual({
      ok: false,
      reason: messages.deliveryClosed,
    });
  });

  it("a port nobody listens on refuses the connection", async () => {
    const receiver = await startReceiver(status(204));
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    expect(await sendDelivery(delivery(receiver.url), local)).toEqual({
      ok: false,
      reason: messages.deliveryRefused,
    });
  });

  it("DNS that does not answer within the deadline is a timeout", async () => {
    const silent: Resolve = () => new Promise(() => undefined);
    const outcome = await sendDelivery(delivery("http://hooks.example.com/"), {
      ...local,
      resolve: silent,
      deadlineMs: 200,
    });
    expect(outcome).toEqual({ ok: false, reason: messages.deliveryTimeout(0.2) });
  });
});

describe("the EndPointUrl is checked again before sending", () => {
  it("a private address is refused unless allowed, and nothing is sent", async () => {
    const receiver = await startReceiver(status(204));
    const outcome = await sendDelivery(delivery(receiver.url), { ...local, allowPrivate: false });
    expect(outcome).toEqual({
      ok: false,
      reason: messages.endPointUrlNotPublic("127.0.0.1", "loopback"),
    });
    expect(receiver.connections).toBe(0);
  });

  it("connects to the address the name was vetted at, not to a new DNS answer", async () => {
    const receiver = await startReceiver(status(204));
    // The system resolver does not know this name: only the vetted answer can reach the receiver.
    const dns: Resolve = async () => [{ address: "127.0.0.1", family: 4 }];
    const url = `http://hooks.invalid:${receiver.port}/hook`;
    expect(await sendDelivery(delivery(url), { ...local, resolve: dns })).toMatchObject({
      ok: true,
    });
    expect(receiver.received[0]?.headers.host).toBe(`hooks.invalid:${receiver.port}`);

    const refused = await sendDelivery(delivery(url), {
      ...local,
      resolve: dns,
      allowPrivate: false,
    });
    expect(refused).toEqual({
      ok: false,
      reason: messages.endPointUrlNotPublic("hooks.invalid", "loopback"),
    });
    expect(receiver.connections).toBe(1);
  });

  it("a host that no longer resolves is a failure naming it", async () => {
    const gone: Resolve = () => Promise.reject(new Error("ENOTFOUND"));
    const outcome = await sendDelivery(delivery("https://hooks.example.com/"), {
      ...local,
      resolve: gone,
    });
    expect(outcome).toEqual({
      ok: false,
      reason: messages.endPointUrlUnresolved("hooks.example.com"),
    });
  });

  it("in production an http:// URL is refused without connecting", async () => {
    const receiver = await startReceiver(status(204));
    const outcome = await sendDelivery(delivery(receiver.url), { ...local, production: true });
    expect(outcome).toEqual({ ok: false, reason: messages.endPointUrlHttpsOnly });
    expect(receiver.connections).toBe(0);
  });

  it("a delivery without a secret is a programming error", async () => {
    await expect(
      sendDelivery(delivery("https://hooks.example.com/", { secrets: [] }), local),
    ).rejects.toThrow(TypeError);
  });
});
