/** How the client retries a request that met a throttle, an outage or a network error. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 never retries. */
  retries?: number;
  /**
   * Methods that are retried. Default `["GET", "PUT", "DELETE"]`, which are idempotent. Add
   * `"POST"` only if a create sent twice is acceptable to you: a POST whose answer was lost may
   * have created the row, and its retry creates another or answers 400 as a duplicate.
   */
  methods?: readonly string[];
  /** The first backoff; each retry doubles it, with jitter. Default 500 ms. */
  baseDelayMs?: number;
  /**
   * The longest wait before a retry. A `Retry-After` longer than this is not waited for: the
   * 429 or 503 is returned (and thrown by the convenience methods). Default 30 000 ms.
   */
  maxDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

/** Statuses that say "try again later": too many requests, service unavailable. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 2,
  methods: ["GET", "PUT", "DELETE"],
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

function nonNegative(name: string, value: number, integer = false): number {
  if (!(value >= 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`retry.${name} must be a non-negative ${integer ? "integer" : "number"}`);
  }
  return value;
}

/** The policy for the client's `retry` option: `false` turns retrying off. */
export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return { ...DEFAULT_RETRY, retries: 0 };
  const merged = { ...DEFAULT_RETRY, ...options };
  return {
    retries: nonNegative("retries", merged.retries, true),
    methods: merged.methods.map((method) => method.toUpperCase()),
    baseDelayMs: nonNegative("baseDelayMs", merged.baseDelayMs),
    maxDelayMs: nonNegative("maxDelayMs", merged.maxDelayMs),
  };
}

/**
 * Exponential backoff with "equal jitter": half of `base * 2^retry` (capped) is always waited,
 * the other half is random, so clients that failed together do not retry together.
 */
export function backoffMs(policy: RetryPolicy, retry: number, random = Math.random()): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return ceiling / 2 + (random * ceiling) / 2;
}

/**
 * A `Retry-After` header in milliseconds: delay-seconds (`"5"`) or an HTTP date. Undefined when
 * absent or unreadable.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date starts with the day's name ("Wed, 01 May 2024 12:00:03 GMT"); Date.parse alone
  // would also read "-1" as a year.
  const date = /^[A-Za-z]{3}, /.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
