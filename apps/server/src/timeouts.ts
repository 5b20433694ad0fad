// How long the server waits for clients, and for itself when it stops. Open Dental answers
// 504 past 60 s, so a client that has not sent its request well before that is cut off.

export interface Timeouts {
  /** HEADERS_TIMEOUT_MS: a request's headers must arrive within this. */
  headersMs: number;
  /** REQUEST_TIMEOUT_MS: the whole request, headers and body, must arrive within this. */
  requestMs: number;
  /** SHUTDOWN_TIMEOUT_MS: on SIGTERM/SIGINT, requests in flight get this long to finish. */
  shutdownMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<Timeouts> = {
  headersMs: 10_000,
  requestMs: 30_000,
  shutdownMs: 10_000,
};
