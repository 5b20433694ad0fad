import type { MiddlewareHandler } from "hono";

export type Log = (line: string) => void;

/**
 * One line per request: method, path, status, time. Never the query string, headers or
 * bodies: they carry patient numbers, notes and API keys.
 */
export function requestLog(log: Log): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    log(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms`);
  };
}
