// One delivery attempt: a signed POST of one batch to a subscription's EndPointUrl. node:http
// rather than fetch, so the connection goes to the address that was checked: the host is
// resolved once, every address is vetted, and the socket's lookup is handed exactly those
// (a second DNS answer could point elsewhere: DNS rebinding). Redirects are never followed.
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from "node:http";
import { request as httpsRequest } from "node:https";
import { createRequire } from "node:module";
import type { LookupFunction } from "node:net";
import { signWebhook } from "@refattaches/webhooks";
import { messages, RuleError } from "../domain/errors.js";
import {
  allowedAddresses,
  hostOf,
  parseEndPointUrl,
  type Resolve,
  type ResolvedAddress,
  resolveWithDns,
} from "./endpoint-url.js";

/** A receiver must answer within this, from the start of the attempt (DNS, connect, send). */
export const DELIVERY_DEADLINE_MS = 15_000;

/** How much of an answer's body is read (and thrown away) before the connection is closed. */
export const ANSWER_READ_LIMIT = 64 * 1024;

// From the server's package.json, two folders up both in src/ and in dist/.
const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };
export const WEBHOOK_USER_AGENT = `refattaches-webhooks/${version}`;

export interface Delivery {
  /** The subscription's EndPointUrl, checked again here. */
  endPointUrl: string;
  /** The signing secrets: the current one, and the previous one during a rotation. */
  secrets: readonly string[];
  /** The batch's `webhook-id`, the same on every attempt. */
  webhookId: string;
  /** The subscription's WatchTable, for `Event-Type: WatchTable: <name>`. */
  watchTable: string;
  /** The batch, a JSON array, sent as it is. */
  body: string;
}

export interface SendOptions {
  /** NODE_ENV is production: an EndPointUrl must be https://. */
  production: boolean;
  /** WEBHOOK_ALLOW_PRIVATE_URLS: non-public addresses may receive deliveries. */
  allowPrivate: boolean;
  /** Default {@link DELIVERY_DEADLINE_MS}; tests shorten it. */
  deadlineMs?: number;
  /** Default: the system's resolver. */
  resolve?: Resolve;
  /** The clock `webhook-timestamp` is read from. */
  now?: () => Date;
  /** Cuts the attempt short (the server is stopping); its outcome then means nothing. */
  signal?: AbortSignal;
}

/** What one attempt met. `reason` is FailureReason's text: never anything from the batch. */
export interface DeliveryOutcome {
  /** A 2xx answer. */
  ok: boolean;
  /** The receiver's status code, when it answered. */
  status?: number;
  /** The receiver's `Retry-After` header, when it sent one with a failure. */
  retryAfter?: string;
  reason: string;
}

/** Certificate problems, named by OpenSSL rather than with an ERR_ prefix. */
const CERTIFICATE_CODES = /^(CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|ERR_TLS_|ERR_SSL_)/;

function answered(status: number, headers: IncomingHttpHeaders): DeliveryOutcome {
  if (status >= 200 && status < 300) {
    return { ok: true, status, reason: messages.deliveryStatus(status) };
  }
  const retryAfter = headers["retry-after"];
  const reason =
    status >= 300 && status < 400
      ? messages.deliveryRedirect(status)
      : messages.deliveryStatus(status);
  return retryAfter === undefined
    ? { ok: false, status, reason }
    : { ok: false, status, retryAfter, reason };
}

function failed(error: unknown): DeliveryOutcome {
  const code = (error as { code?: unknown }).code;
  const name = typeof code === "string" ? code : "unknown";
  if (name === "ECONNREFUSED") return { ok: false, reason: messages.deliveryRefused };
  if (name === "ECONNRESET" || name === "EPIPE")
    return { ok: false, reason: messages.deliveryClosed };
  if (CERTIFICATE_CODES.test(name)) return { ok: false, reason: messages.deliveryTls(name) };
  return { ok: false, reason: messages.deliveryNetwork(name) };
}

/** The socket's lookup: the vetted addresses, whatever DNS would answer now. */
function vettedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const [first] = addresses;
    if (options.all) callback(null, addresses);
    else if (first !== undefined) callback(null, first.address, first.family);
  };
}

/** `promise`, unless `signal` aborts first. */
function beforeAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function post(
  url: URL,
  addresses: ResolvedAddress[],
  headers: OutgoingHttpHeaders,
  body: string,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  return new Promise((resolve) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)({
      hostname: hostOf(url),
      port: url.port === "" ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: "POST",
      headers,
      // A connection of its own: a pooled socket would skip the vetted lookup.
      agent: false,
      lookup: vettedLookup(addresses),
      signal,
    });
    // Set once the status line is in: what happens to the body after it changes nothing.
    let outcome: DeliveryOutcome | undefined;
    request.on("response", (response) => {
      outcome = answered(response.statusCode ?? 0, response.headers);
      const settled = outcome;
      let read = 0;
      response.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > ANSWER_READ_LIMIT) response.destroy();
      });
      response.on("error", () => resolve(settled));
      response.on("close", () => resolve(settled));
    });
    request.on("error", (error) => resolve(outcome ?? failed(error)));
    request.end(body);
  });
}

/**
 * Sends one batch once. The EndPointUrl is checked again (scheme, credentials, and every
 * address its host now resolves to), the body is signed with each secret (space-separated
 * `webhook-signature`), and the attempt ends at the deadline. Resolves to the outcome; it
 * rejects only for a programming error.
 */
export async function sendDelivery(
  delivery: Delivery,
  options: SendOptions,
): Promise<DeliveryOutcome> {
  if (delivery.secrets.length === 0) throw new TypeError("A delivery needs a signing secret");
  const deadlineMs = options.deadlineMs ?? DELIVERY_DEADLINE_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  const signal = options.signal
    ? AbortSignal.any([deadline.signal, options.signal])
    : deadline.signal;
  try {
    const url = parseEndPointUrl(delivery.endPointUrl, options.production);
    const resolve = options.resolve ?? resolveWithDns;
    const addresses = await beforeAbort(
      allowedAddresses(url, options.allowPrivate, resolve),
      signal,
    );
    const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
    const { webhookId, body } = delivery;
    const signatures = await Promise.all(
      delivery.secrets.map((secret) => signWebhook(secret, webhookId, timestamp, body)),
    );
    const headers: OutgoingHttpHeaders = {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(body),
      "Event-Type": `WatchTable: ${delivery.watchTable}`,
      "User-Agent": WEBHOOK_USER_AGENT,
      "webhook-id": webhookId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signatures.join(" "),
    };
    const outcome = await post(url, addresses, headers, body, signal);
    // An attempt cut by the deadline before any answer is a timeout, whatever error it met.
    if (outcome.status === undefined && deadline.signal.aborted) {
      return { ok: false, reason: messages.deliveryTimeout(deadlineMs / 1000) };
    }
    return outcome;
  } catch (error) {
    if (error instanceof RuleError) return { ok: false, reason: error.message };
    if (deadline.signal.aborted) {
      return { ok: false, reason: messages.deliveryTimeout(deadlineMs / 1000) };
    }
    if (options.signal?.aborted) return { ok: false, reason: messages.deliveryStopped };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
