// The request id that ties a client's view to the server's, and the one log line per request.
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { Logger } from "../logger.js";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** Probe routes: an orchestrator polls them every few seconds, so successes log at debug. */
const PROBE_ROUTES: ReadonlySet<string> = new Set(["/health", "/ready"]);

/** What an incoming id may look like: short, and nothing that could break a log line. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the trusted header's value when a proxy in front set a safe one, else a new
 * UUID. Sent back in X-Request-Id, set before anything answers so every answer carries it.
 */
export function assignRequestId(c: Context, trustedHeader: string | undefined): string {
  const incoming = trustedHeader ? c.req.header(trustedHeader) : undefined;
  const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  c.header(REQUEST_ID_HEADER, id);
  return id;
}

export interface RequestLine {
  id: string;
  method: string;
  /** The route pattern (`/api/v1/refattaches/:RefAttachNum`), never the path as sent. */
  route: string;
  status: number;
  /** performance.now() when the request arrived. */
  started: number;
}

/**
 * Logs method, route pattern, status and duration. Never the path as sent, the query string,
 * headers or bodies: they carry patient numbers, notes and API keys (and a hostile path would
 * put CR/LF or escapes in the log).
 */
export function logRequest(logger: Logger, line: RequestLine): void {
  const level = PROBE_ROUTES.has(line.route) && line.status < 400 ? "debug" : "info";
  logger[level](
    {
      reqId: line.id,
      method: line.method,
      route: line.route,
      status: line.status,
      ms: Math.round((performance.now() - line.started) * 10) / 10,
    },
    "request",
  );
}
