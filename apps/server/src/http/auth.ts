// Open Dental's auth: `Authorization: ODFHIR {DeveloperKey}/{CustomerKey}`.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { messages } from "../domain/errors.js";
import { type AnswerHeaders, jsonReply } from "./reply.js";
import { TokenBuckets } from "./token-buckets.js";

export interface ApiKeyPair {
  developerKey: string;
  customerKey: string;
}

const HEADER = /^ODFHIR ([^\s/]+)\/([^\s/]+)$/;

/** Keys are compared as fixed-length digests so timing does not reveal a near match. */
const digest = (pair: ApiKeyPair) =>
  createHash("sha256").update(`${pair.developerKey}/${pair.customerKey}`).digest();

export function parseAuthorization(header: string | undefined): ApiKeyPair | undefined {
  const match = header === undefined ? null : HEADER.exec(header.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { developerKey: match[1], customerKey: match[2] };
}

export interface AuthLimits {
  /** Failed authentications per client address per minute before 429; 0: unlimited. */
  authFailuresPerMinute: number;
  /** Requests per second per customer key before 429 (Open Dental's throttle); 0: unlimited. */
  rateLimitPerSecond: number;
}

/** The peer address of the connection; behind a proxy, the proxy's. */
function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket.remoteAddress ?? "unknown";
}

function tooMany(headers: AnswerHeaders, seconds: number, message: string): Response {
  return jsonReply(429, message, { ...headers, "retry-after": String(seconds) });
}

/** The key check's verdict: the caller's key pair, or the answer that refuses it. */
export type KeyVerdict = { pair: ApiKeyPair; refusal?: undefined } | { refusal: Response };

export interface KeyCheck {
  /** Open Dental's key check (401), with the failed-authentication throttle (429). */
  checkApiKey(c: Context, headers: AnswerHeaders): KeyVerdict;
  /** The per-customer-key rate limit (429), or undefined when the request may go on. */
  applyRateLimit(pair: ApiKeyPair, headers: AnswerHeaders): Response | undefined;
}

/**
 * Open Dental's key check, plus two throttles. Failed authentications are counted per client
 * address (a bucket of `authFailuresPerMinute`, refilled over a minute); once it is empty,
 * further failures from that address get 429 with Retry-After instead of 401. A valid key pair
 * is never refused by it, so one client with an outdated key cannot lock out the other
 * integrations behind the same address (keys are far too long to guess anyway). The optional
 * per-customer-key rate limit mimics Open Dental's hosted throttle.
 */
export function createKeyCheck(allowed: readonly ApiKeyPair[], limits: AuthLimits): KeyCheck {
  const digests = allowed.map(digest);
  // The exact headers of the configured pairs: the common case skips the parse and the
  // digest. A hash-map lookup reveals no near match by its timing (it hashes the whole
  // string), and anything else takes the constant-time path below.
  const exact = new Map(
    allowed.map((pair) => [`ODFHIR ${pair.developerKey}/${pair.customerKey}`, pair]),
  );
  const { authFailuresPerMinute: perMinute, rateLimitPerSecond: perSecond } = limits;
  const failures = perMinute > 0 ? new TokenBuckets(perMinute, perMinute / 60) : undefined;
  // One second's worth of requests may come at once; at least one.
  const rate = perSecond > 0 ? new TokenBuckets(Math.max(1, perSecond), perSecond) : undefined;
  return {
    checkApiKey(c, headers) {
      const header = c.req.header("Authorization");
      const known = header === undefined ? undefined : exact.get(header);
      if (known) return { pair: known };
      const pair = parseAuthorization(header);
      const candidate = pair && digest(pair);
      // Check every pair so the time taken does not depend on which one matched.
      const matched =
        candidate !== undefined &&
        digests.reduce((found, d) => timingSafeEqual(d, candidate) || found, false);
      if (pair && matched) return { pair };
      const wait = failures?.take(clientAddress(c)) ?? 0;
      if (wait > 0) {
        return { refusal: tooMany(headers, wait, messages.tooManyAuthFailures(wait)) };
      }
      const explanation = pair ? messages.unknownKeys : messages.unauthorized;
      return {
        refusal: jsonReply(401, explanation, { ...headers, "www-authenticate": "ODFHIR" }),
      };
    },
    applyRateLimit(pair, headers) {
      const wait = rate?.take(pair.customerKey) ?? 0;
      return wait > 0 ? tooMany(headers, wait, messages.rateLimited(wait)) : undefined;
    },
  };
}
