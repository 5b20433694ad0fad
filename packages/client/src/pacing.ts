import { delay } from "./delay.js";

/**
 * Spaces the starts of requests at least `minIntervalMs` apart, in the order they asked, for a
 * server that throttles per key (Open Dental's hosted API: one request per second).
 */
export interface Pacer {
  /** Waits for this request's turn; rejects if `signal` aborts first. */
  wait(signal?: AbortSignal | null): Promise<void>;
}

export function createPacer(minIntervalMs: number): Pacer {
  let nextStart = 0;
  return {
    wait(signal) {
      // Reserve the slot before waiting, so concurrent callers queue instead of all waking at once.
      const now = performance.now();
      const start = Math.max(now, nextStart);
      nextStart = start + minIntervalMs;
      return delay(start - now, signal);
    },
  };
}
