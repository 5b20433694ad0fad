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
  // Each turn starts after the previous one has started, and measures from when it really did
  // (a timer that fired late must not shorten the next gap).
  let queue: Promise<void> = Promise.resolve();
  let lastStart = Number.NEGATIVE_INFINITY;
  return {
    wait(signal) {
      const turn = queue.then(async () => {
        await delay(Math.max(0, lastStart + minIntervalMs - performance.now()), signal);
        lastStart = performance.now();
      });
      // A caller that gave up (aborted) passes its turn on to the next one.
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
