// One log line per request, and the request id that ties it to the client's view.
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "../logger.js";

export const REQUEST_ID_HEADER = "X-Request-Id";

const PROBE_ROUTES: ReadonlySet<string> = new Set(["/health", "/ready"]);

/** What an incoming id may look like: short, and nothing that could break a log line. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RequestLogOptions {
  /** Header trusted to carry the caller's request id (set by a proxy in front); unset: always generate. */
  trustedRequestIdHeader?: string | undefined;
}

declare module "hono" {
  interface ContextVariableMap {
    /** Set by requestLog for every request; error logs carry it too. */
    requestId: string;
  }
}

/**
 * Logs method, route pattern (`/api/v1/refattaches/:RefAttachNum`, never the path as sent),
 * status and duration. Never the query string, headers or bodies: they carry patient numbers,
 * notes and API keys. The route pattern also keeps a hostile path (CR/LF, escapes) out of the log.
 */
export function requestLog(logger: Logger, options: RequestLogOptions = {}): MiddlewareHandler {
  const trusted = options.trustedRequestIdHeader;
  return async (c, next) => {
    const started = performance.now();
    const incoming = trusted ? c.req.header(trusted) : undefined;
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    // Before the handler, so the response is built with it (see http/hardening.ts).
    c.header(REQUEST_ID_HEADER, requestId);
    await next();
    const route = routePath(c, -1);
    const status = c.res.status;
    // An orchestrator probes every few seconds: successful probes only at debug level.
    const level = PROBE_ROUTES.has(route) && status < 400 ? "debug" : "info";
    logger[level](
      {
        reqId: requestId,
        method: c.req.method,
        route,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      "request",
    );
  };
}
