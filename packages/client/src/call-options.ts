/** Per-call options of every convenience method. */
export interface CallOptions {
  /** Aborts the call, including its retries and any wait for its turn or a `Retry-After`. */
  signal?: AbortSignal;
  /** Extra request headers, e.g. a tracing id. `Authorization` is always the client's. */
  headers?: Record<string, string>;
}
