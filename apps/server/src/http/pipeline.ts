// The one path every request takes, as an ordered list of named steps (each a named function,
// so a CPU profile shows what each costs):
//
//   assignRequestId     first, so every answer, refusals included, carries X-Request-Id and
//                       every log line about the request can name it;
//   answerHeaders       before anything can answer: no-store and nosniff join the request id in
//                       the headers every answer of this request is built with (reply.ts);
//   checkApiKey         (API routes) before the query or the body is looked at: a caller without
//                       a valid key learns nothing more, and its body is never read;
//   applyRateLimit      (API routes) after the key, which names the customer whose allowance the
//                       request spends;
//   parseQuery          the query string, parsed once; a parameter with an empty name is refused;
//   operation           the route's own steps, attached where it is registered (operation.ts):
//                       readJsonBody (only routes that take a body), validate (query, path,
//                       body), the handler, respond;
//   settleUnreadBody    an answer given before the body was read: the rest of the body is
//                       discarded, or the connection gets a lingering close (lingering-close.ts),
//                       so the client can read the answer either way;
//   writeRequestLine    last, one line with the final status, whatever happened on the way
//                       (request-log.ts).
//
// A thrown error becomes its answer in one place (errors.ts), inside this path, so it is logged
// and carries the same headers as any other answer.
import type { Context } from "hono";
import { messages } from "../domain/errors.js";
import type { Logger } from "../logger.js";
import { type ApiKeyPair, type AuthLimits, createKeyCheck } from "./auth.js";
import { declaresBody, incomingOf } from "./body.js";
import { answerError } from "./errors.js";
import { discardRestOfBody, LINGER, lingerOnClose } from "./lingering-close.js";
import { parseQuery, type QueryParams } from "./query.js";
import { type AnswerHeaders, answerHeaders, jsonReply } from "./reply.js";
import { assignRequestId, routeLog } from "./request-log.js";

/** What the steps learn about one request, handed to the route. */
export interface RequestState {
  /** The headers of this request's answer, whatever it is (reply.ts). */
  headers: AnswerHeaders;
  /** The query string's parameters (parseQuery). */
  query: QueryParams;
  /** The caller's key pair (API routes; undefined on the open ones). */
  caller: ApiKeyPair | undefined;
  /** Set by the body step once the whole body is read. */
  bodyRead: boolean;
}

/** A route's own part of the path: its answer, or a thrown error. */
export type RouteHandler = (c: Context, request: RequestState) => Response | Promise<Response>;

export interface PipelineOptions {
  logger: Logger;
  /** Accepted `DeveloperKey/CustomerKey` pairs. */
  apiKeys: readonly ApiKeyPair[];
  limits: AuthLimits;
  /** Header trusted to carry the caller's request id (set by a proxy in front); unset: always generate. */
  trustedRequestIdHeader: string | undefined;
}

export interface Pipeline {
  /**
   * The handler Hono runs for `route` (its pattern, as logged): the steps above around
   * `handler`. `authenticated` routes (the API) check the key and the rate limit.
   */
  handle(
    route: string,
    handler: RouteHandler,
    options: { authenticated: boolean },
  ): (c: Context) => Promise<Response>;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { logger, trustedRequestIdHeader } = options;
  const { checkApiKey, applyRateLimit } = createKeyCheck(options.apiKeys, options.limits);

  /** The steps before the route: a refusal, or what the route needs to know. */
  function admit(
    c: Context,
    authenticated: boolean,
    headers: AnswerHeaders,
  ): Response | RequestState {
    let caller: ApiKeyPair | undefined;
    if (authenticated) {
      const verdict = checkApiKey(c, headers);
      if (verdict.refusal) return verdict.refusal;
      caller = verdict.pair;
      const limited = applyRateLimit(caller, headers);
      if (limited) return limited;
    }
    const query = parseQuery(c.req.url);
    if (query === undefined) return jsonReply(400, messages.invalidParameter(""), headers);
    return { headers, query, caller, bodyRead: false };
  }

  return {
    handle(route, handler, { authenticated }) {
      const log = routeLog(logger, route);
      return async function pipeline(c: Context): Promise<Response> {
        const started = performance.now();
        const id = assignRequestId(c, trustedRequestIdHeader);
        const headers: AnswerHeaders = answerHeaders(id);
        let state: RequestState | undefined;
        let response: Response;
        try {
          const admitted = admit(c, authenticated, headers);
          if (admitted instanceof Response) response = admitted;
          else {
            state = admitted;
            response = await handler(c, state);
          }
        } catch (error) {
          response = answerError(error, c, { id, route }, headers, logger);
        }
        if (!state?.bodyRead) settleUnreadBody(c, response);
        log({ id, method: c.req.method, status: response.status, started });
        return response;
      };
    },
  };
}

/**
 * An answer given while the client may still be sending its body (see lingering-close.ts): a
 * small declared rest is discarded and the connection kept; a 413, or a body of unknown or
 * large size, gets `Connection: close` and, under Node, a lingering close. A body that has
 * fully arrived already is discarded by Node as usual.
 */
function settleUnreadBody(c: Context, response: Response): void {
  const incoming = incomingOf(c);
  // Under Node, a request without a body (every GET) is complete by the time it is answered.
  if (incoming ? incoming.complete : !declaresBody(c)) return;
  const chunked = c.req.header("Transfer-Encoding") !== undefined;
  const declared = Number(c.req.header("Content-Length"));
  if (response.status !== 413 && !chunked && declared <= LINGER.bytes) {
    if (incoming) discardRestOfBody(incoming);
    return;
  }
  response.headers.set("Connection", "close");
  if (incoming) lingerOnClose(incoming);
}
