// Request bodies are read into memory to be validated, so their size is capped while they
// are read: a declared Content-Length over the limit is refused before a byte of the body is
// read, and a chunked body is cut off as soon as it passes the limit.
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { messages } from "../domain/errors.js";

/** Default BODY_LIMIT: 1 MiB, far above any RefAttach or Referral body. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The methods whose body the API reads. */
const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);

export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = (c: Context) => {
    // The rest of the body is not wanted: close the connection instead of reading it.
    c.header("Connection", "close");
    return c.json(messages.bodyTooLarge(maxBytes), 413);
  };
  const limitStream = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (!WITH_BODY.has(c.req.method)) return next();
    const declared = c.req.header("Content-Length");
    // A declared length is judged from the header alone. Only a chunked body goes through
    // the stream reader: touching the request's stream here as well would split the body
    // between two readers (the node adapter reads it directly for arrayBuffer()).
    if (declared !== undefined && c.req.header("Transfer-Encoding") === undefined) {
      if (Number(declared) > maxBytes) return tooLarge(c);
      return next();
    }
    return limitStream(c, next);
  };
}
