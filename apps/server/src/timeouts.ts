// How long the server waits for clients, and for itself when it stops (values and defaults:
// config.ts).

export interface Timeouts {
  /** HEADERS_TIMEOUT_MS: a request's headers must arrive within this. */
  headersMs: number;
  /** REQUEST_TIMEOUT_MS: the whole request, headers and body, must arrive within this. */
  requestMs: number;
  /** SHUTDOWN_TIMEOUT_MS: on SIGTERM/SIGINT, requests in flight get this long to finish. */
  shutdownMs: number;
}
