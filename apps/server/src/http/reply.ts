// Answers are built here, from a plain object of headers. Hono's `c.header()` keeps headers in a
// fetch `Headers` object, which the Node adapter must then take apart again for every answer;
// a plain object goes straight to Node's writeHead.

import { HARDENING_HEADERS } from "./hardening.js";
import { REQUEST_ID_HEADER } from "./request-log.js";

/** Header names as Node writes them: lower case, so a later value replaces an earlier one. */
export type AnswerHeaders = Record<string, string>;

const JSON_TYPE = "application/json";

/**
 * The headers of every answer to one request, made once when it arrives: its id, the
 * hardening headers, and the JSON content type that nearly every answer has.
 */
export const answerHeaders = (requestId: string): AnswerHeaders => ({
  "content-type": JSON_TYPE,
  [REQUEST_ID_HEADER]: requestId,
  // Written out rather than spread: a literal of one shape is the cheapest object to make.
  "cache-control": HARDENING_HEADERS["cache-control"],
  "x-content-type-options": HARDENING_HEADERS["x-content-type-options"],
});

/** An answer whose body is `value` as JSON (a string is a JSON string: the error bodies). */
export const jsonReply = (status: number, value: unknown, headers: AnswerHeaders): Response =>
  new Response(JSON.stringify(value), { status, headers });

/** An answer without a body (DELETE's 200), so without a content type. */
export function emptyReply(status: number, headers: AnswerHeaders): Response {
  const { "content-type": _, ...rest } = headers;
  return new Response(null, { status, headers: rest });
}
