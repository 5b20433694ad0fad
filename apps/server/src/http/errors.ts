// The one place thrown errors become responses: rule errors keep their explanation,
// anything unexpected is a generic 500 whose details go to the server log only.
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { routePath } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { messages, RuleError } from "../domain/errors.js";
import type { Logger } from "../logger.js";
import "./request-log.js";

const STATUS: Record<RuleError["kind"], ContentfulStatusCode> = {
  Invalid: 400,
  NotFound: 404,
  Unavailable: 503,
};

export function errorHandler(logger: Logger): ErrorHandler {
  return (error, c) => {
    if (error instanceof RuleError) return c.json(error.message, STATUS[error.kind]);
    // Hono's own 4xx, e.g. "Malformed JSON in request body" from the body parser.
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(error.message || messages.internal, error.status);
    }
    // Name, code and stack frames only: the message of a driver error can quote the values
    // of a query (patient data), and the stack's first line repeats the message.
    const code = (error as { code?: unknown }).code;
    const frames = (error.stack ?? "")
      .split("\n")
      .filter((line) => line.trimStart().startsWith("at "))
      .map((line) => line.trim());
    logger.error(
      {
        reqId: c.get("requestId"),
        method: c.req.method,
        route: routePath(c, -1),
        err: { name: error.name, ...(code !== undefined && { code: String(code) }), frames },
      },
      "unhandled error",
    );
    return c.json(messages.internal, 500);
  };
}
