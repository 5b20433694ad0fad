import { delay } from "./delay.js";
import { createPacer } from "./pacing.js";
import { backoffMs, RETRY_STATUSES, type RetryPolicy, retryAfterMs } from "./retry.js";

export type Fetch = (request: Request) => Promise<Response>;

export interface TransportOptions {
  /** Default: the global `fetch`, looked up at each request. */
  fetch?: Fetch;
  /** Abort each attempt after this many milliseconds. */
  timeoutMs?: number;
  retry: RetryPolicy;
  /** Start requests at least this far apart (0: no pacing). */
  minIntervalMs: number;
}

/**
 * The fetch the openapi-fetch client sends every request through, raw calls included: paces,
 * times out each attempt, and retries 429, 503 and network errors of the policy's methods.
 * The caller's `signal` (the request's) aborts the request and any wait, and is never retried.
 */
export function createTransport(options: TransportOptions): Fetch {
  const { retry, timeoutMs } = options;
  const send: Fetch = options.fetch ?? ((request) => globalThis.fetch(request));
  const pacer = options.minIntervalMs > 0 ? createPacer(options.minIntervalMs) : undefined;

  return async (request) => {
    const caller = request.signal;
    const retryable = retry.methods.includes(request.method);
    // Read once: a body stream can be sent only once, and each attempt needs its own copy.
    const body = request.body === null ? null : await request.arrayBuffer();
    for (let attempt = 0; ; attempt += 1) {
      const last = !retryable || attempt >= retry.retries;
      caller.throwIfAborted();
      await pacer?.wait(caller);
      const sent = attemptOf(request, body, timeoutMs);
      let response: Response;
      try {
        response = await send(sent.request);
      } catch (error) {
        sent.end();
        // Network errors and timeouts of an attempt are retried; the caller's abort is final.
        if (last || caller.aborted) throw error;
        await delay(backoffMs(retry, attempt), caller);
        continue;
      }
      if (last || !RETRY_STATUSES.has(response.status)) return response;
      const wait = retryAfterMs(response.headers.get("Retry-After")) ?? backoffMs(retry, attempt);
      if (wait > retry.maxDelayMs) return response;
      // Nobody reads this answer: release its connection before waiting.
      await response.body?.cancel();
      sent.end();
      await delay(wait, caller);
    }
  };
}

interface Attempt {
  request: Request;
  /** Stops the attempt's timer (it failed, or its answer was set aside). */
  end(): void;
}

/**
 * One attempt's request: the caller's, with its own signal, aborted by the caller's or after
 * `timeoutMs` (the answer's body included). Its own controller and a timer that holds it and
 * the request: Node holds AbortSignal.timeout's timer, and the signals a Request follows,
 * weakly, so a garbage collection during a slow answer dropped them and the timeout never
 * fired (transport.test.ts forces one). The timer is unref'd: it keeps no process alive.
 */
function attemptOf(original: Request, body: ArrayBuffer | null, timeoutMs?: number): Attempt {
  const caller = original.signal;
  const controller = new AbortController();
  const request = new Request(original, { body, signal: controller.signal });
  const onAbort = () => controller.abort(caller.reason);
  caller.addEventListener("abort", onAbort, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          // `request` is named here so that it lives as long as its timeout can fire.
          if (!request.signal.aborted) {
            controller.abort(
              new DOMException(`The attempt took longer than ${timeoutMs} ms`, "TimeoutError"),
            );
          }
        }, timeoutMs);
  timer?.unref?.();
  return {
    request,
    end() {
      clearTimeout(timer);
      caller.removeEventListener("abort", onAbort);
    },
  };
}
