// The request id that ties a client's view to the server's, and the one log line per request.
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import pino from "pino";
import type { Logger } from "../logger.js";

/** The answer header that carries the request id (lower case, as answers are written). */
export const REQUEST_ID_HEADER = "x-request-id";

/** Probe routes: an orchestrator polls them every few seconds, so successes log at debug. */
const PROBE_ROUTES: ReadonlySet<string> = new Set(["/health", "/ready"]);

/** What an incoming id may look like: short, and nothing that could break a log line. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the trusted header's value when a proxy in front set a safe one, else a new
 * UUID. Every answer carries it in X-Request-Id.
 */
export function assignRequestId(c: Context, trustedHeader: string | undefined): string {
  const incoming = trustedHeader ? c.req.header(trustedHeader) : undefined;
  return incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

export interface RequestLine {
  id: string;
  method: string;
  status: number;
  /** performance.now() when the request arrived. */
  started: number;
}

/** Milliseconds since `started`, to a tenth. */
const since = (started: number) => Math.round((performance.now() - started) * 10) / 10;

/**
 * The request log of one route: method, route pattern, status and duration, never the path as
 * sent, the query string, headers or bodies (they carry patient numbers, notes and API keys,
 * and a hostile path would put CR/LF or escapes in the log). Successful probes (an
 * orchestrator polls them every few seconds) log at debug level.
 *
 * A line is written straight to the logger's destination, as pino itself writes it: pino's own
 * level label, time and base bindings (its public `symbols`), and the route, JSON-encoded once.
 * Through pino's general path, which encodes every field of every line, it cost about twice as
 * much per request on the hot path. The other values need no encoding: the id is a UUID or a
 * SAFE_ID, the method an HTTP token, the status and duration numbers.
 */
export function routeLog(logger: Logger, route: string): (line: RequestLine) => void {
  const probe = PROBE_ROUTES.has(route);
  const fields = `,"route":${JSON.stringify(route)}`;
  const { symbols } = pino;
  const parts = logger as unknown as Record<symbol, unknown>;
  // `{"level":"info"`, `,"time":…` and `,"pid":…,"hostname":…`, exactly as pino writes them.
  const level = (parts[symbols.lsCacheSym] as Record<number, string>)[
    logger.levels.values.info as number
  ];
  const time = parts[symbols.timeSym] as () => string;
  const bindings = parts[symbols.chindingsSym] as string;
  const destination = parts[symbols.streamSym] as { write(line: string): unknown };
  const enabled = logger.isLevelEnabled("info");
  return function writeRequestLine(line) {
    if (probe && line.status < 400) {
      logger.debug(
        {
          reqId: line.id,
          method: line.method,
          route,
          status: line.status,
          ms: since(line.started),
        },
        "request",
      );
      return;
    }
    if (!enabled) return;
    destination.write(
      `${level}${time()}${bindings},"reqId":"${line.id}",` +
        `"method":"${line.method}"${fields},"status":${line.status},"ms":${since(line.started)},` +
        `"msg":"request"}\n`,
    );
  };
}
