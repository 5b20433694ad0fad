// A webhook receiver for tests: a node:http server on 127.0.0.1 that records every delivery
// (headers and raw body) and answers as the test says: a status, or never (a hang). Waiting for
// deliveries is a bounded poll, never a sleep.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedDelivery {
  /** `webhook-id`, `webhook-timestamp` and `webhook-signature`, as sent. */
  id: string;
  timestamp: string;
  signature: string;
  eventType: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as it must be verified. */
  body: string;
  /** The body parsed. */
  rows: Record<string, unknown>[];
}

/** What the receiver does with a delivery: answer with a status (and headers), or hang. */
export type ReceiverAnswer = { status: number; headers?: Record<string, string> } | "hang";

export interface TestReceiver {
  /** `http://127.0.0.1:PORT/hook`. */
  url: string;
  /** Every delivery so far, in the order they arrived, whatever was answered. */
  received: ReceivedDelivery[];
  /** The deliveries answered with a 2xx. */
  accepted(): ReceivedDelivery[];
  /** How the next deliveries are answered; default: 200 to each. */
  answer: (delivery: ReceivedDelivery, index: number) => ReceiverAnswer;
  /** Connections closed by the sender while the receiver had not answered. */
  cutWhileWaiting: number;
  /** Waits until `done` holds for what was received, polling; fails after `timeoutMs`. */
  until(done: (received: ReceivedDelivery[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const header = (headers: IncomingHttpHeaders, name: string) => String(headers[name] ?? "");

export async function startReceiver(): Promise<TestReceiver> {
  const accepted: ReceivedDelivery[] = [];
  let server: Server | undefined;
  const receiver: TestReceiver = {
    url: "",
    received: [],
    accepted: () => [...accepted],
    answer: () => ({ status: 200 }),
    cutWhileWaiting: 0,
    async until(done, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(receiver.received)) {
        if (Date.now() > deadline) {
          const summary = receiver.received.map((d) => `${d.id}: ${d.rows.length} row(s)`);
          throw new Error(
            `The receiver did not get what was expected within ${timeoutMs} ms; it got ${receiver.received.length} deliveries: ${summary.join(", ")}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    },
  };
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const delivery: ReceivedDelivery = {
      id: header(request.headers, "webhook-id"),
      timestamp: header(request.headers, "webhook-timestamp"),
      signature: header(request.headers, "webhook-signature"),
      eventType: header(request.headers, "event-type"),
      headers: request.headers,
      body,
      rows: JSON.parse(body) as Record<string, unknown>[],
    };
    const index = receiver.received.length;
    receiver.received.push(delivery);
    const answer = receiver.answer(delivery, index);
    if (answer === "hang") {
      response.on("close", () => {
        if (!response.writableEnded) receiver.cutWhileWaiting += 1;
      });
      return;
    }
    if (answer.status >= 200 && answer.status < 300) accepted.push(delivery);
    response.writeHead(answer.status, answer.headers).end();
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
