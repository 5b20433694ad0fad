// Change events in the benchmark, inside the load generator's process: a receiver on 127.0.0.1
// for the deliveries, the subscription that points the server at it, and the delivery lag:
// from a write's answer (its transaction has committed) to its row's arrival at the receiver.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AUTHORIZATION, BASE, type Request } from "./scenarios.js";

export interface LagResult {
  writes: number;
  /** Rows that arrived within the wait. */
  delivered: number;
  p50: number;
  p99: number;
  max: number;
  /** The subscription's PollingSeconds: deliveries come at most once per this. */
  pollingSeconds: number;
  perSecond: number;
}

/** The shortest PollingSeconds there is: batches go at most once a second. */
const POLLING_SECONDS = 1;
/** How long the lag measurement waits for the last rows after the last write. */
const DRAIN_MS = 30_000;

/** First arrival of each RefAttachNum, by performance.now(). */
const arrivals = new Map<number, number>();
let receiver: { server: Server; url: string } | undefined;
let subscriptionNum: number | undefined;

async function startReceiver(): Promise<string> {
  if (receiver) return receiver.url;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const at = performance.now();
      // Answer first, as a receiver should; the rows are only timed.
      response.writeHead(204).end();
      const rows = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        RefAttachNum?: number;
      }[];
      for (const { RefAttachNum } of rows) {
        if (RefAttachNum !== undefined && !arrivals.has(RefAttachNum))
          arrivals.set(RefAttachNum, at);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench` };
  return receiver.url;
}

async function api(url: string, method: string, path: string, body?: unknown) {
  const reply = await fetch(`${url}${BASE}${path}`, {
    method,
    headers: { Authorization: AUTHORIZATION, "Content-Type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await reply.text();
  if (!reply.ok) throw new Error(`${method} ${path} answered ${reply.status}: ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

/** Makes the write `request` describes; resolves to its RefAttachNum and when it answered. */
async function write(url: string, request: Request): Promise<[number, number]> {
  const body = request.body === undefined ? undefined : JSON.parse(request.body);
  const created = await api(url, request.method, request.path.slice(BASE.length), body);
  return [Number(created?.RefAttachNum), performance.now()];
}

/** Waits until every one of `nums` has arrived, or `ms` have passed. */
async function arrived(nums: Iterable<number>, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  const waiting = [...nums];
  while (waiting.some((num) => !arrivals.has(num)) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Subscribes the receiver to the server's RefAttach changes from now on, then makes one write
 * (`warmUp`) and waits for its row, so what follows meets a loop already delivering.
 */
export async function subscribe(url: string, warmUp: () => Request): Promise<void> {
  const endPointUrl = await startReceiver();
  const created = await api(url, "POST", "/subscriptions", {
    EndPointUrl: endPointUrl,
    WatchTable: "RefAttach",
    PollingSeconds: POLLING_SECONDS,
  });
  subscriptionNum = Number(created?.SubscriptionNum);
  const [num] = await write(url, warmUp());
  await arrived([num], DRAIN_MS);
}

export async function unsubscribe(url: string): Promise<void> {
  if (subscriptionNum === undefined) return;
  await api(url, "DELETE", `/subscriptions/${subscriptionNum}`);
  subscriptionNum = undefined;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

/**
 * Subscribes, makes `writes` writes (`next` gives each) at `perSecond` one after another, waits
 * for their rows at the receiver, unsubscribes, and gives the lags in milliseconds.
 */
export async function measureLag(
  url: string,
  next: () => Request,
  writes: number,
  perSecond: number,
): Promise<LagResult> {
  await subscribe(url, next);
  const committed = new Map<number, number>();
  try {
    const started = performance.now();
    for (let i = 0; i < writes; i++) {
      const wait = started + (i * 1000) / perSecond - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const [num, at] = await write(url, next());
      committed.set(num, at);
    }
    await arrived(committed.keys(), DRAIN_MS);
  } finally {
    await unsubscribe(url);
  }
  const lags = [...committed]
    .filter(([num]) => arrivals.has(num))
    .map(([num, at]) => (arrivals.get(num) ?? at) - at)
    .sort((a, b) => a - b);
  return {
    writes,
    delivered: lags.length,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags.at(-1) ?? Number.NaN,
    pollingSeconds: POLLING_SECONDS,
    perSecond,
  };
}
