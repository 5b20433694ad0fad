// The one place thrown errors become responses: rule errors keep their explanation,
// anything unexpected is a generic 500 whose details go to the server log only.
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { messages, RuleError } from "../domain/errors.js";
import type { Log } from "./request-log.js";

const STATUS: Record<RuleError["kind"], ContentfulStatusCode> = {
  Invalid: 400,
  NotFound: 404,
  Unavailable: 503,
};

export function errorHandler(log: Log): ErrorHandler {
  return (error, c) => {
    if (error instanceof RuleError) return c.json(error.message, STATUS[error.kind]);
    // Hono's own 4xx, e.g. "Malformed JSON in request body" from the body parser.
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(error.message || messages.internal, error.status);
    }
    // Name and stack only: messages of driver errors can quote the values of a query.
    log(`error ${c.req.method} ${c.req.path}: ${error.name}\n${error.stack ?? ""}`);
    return c.json(messages.internal, 500);
  };
}
