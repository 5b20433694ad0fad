// The one place thrown errors become answers: rule errors keep their explanation, anything
// unexpected is a generic 500 whose details go to the server log only.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { messages, RuleError } from "../domain/errors.js";
import type { Logger } from "../logger.js";

const STATUS: Record<RuleError["kind"], ContentfulStatusCode> = {
  Invalid: 400,
  NotFound: 404,
  Unavailable: 503,
};

/** Which request failed, for the log line. */
export interface FailedRequest {
  id: string;
  route: string;
}

export function answerError(
  error: unknown,
  c: Context,
  request: FailedRequest,
  logger: Logger,
): Response {
  if (error instanceof RuleError) return c.json(error.message, STATUS[error.kind]);
  // Hono's own 4xx (none are expected on these routes, but they are the client's fault).
  if (error instanceof HTTPException && error.status < 500) {
    return c.json(error.message || messages.internal, error.status);
  }
  // Name, code and stack frames only: the message of a driver error can quote the values
  // of a query (patient data), and the stack's first line repeats the message.
  const failure = error instanceof Error ? error : new Error(String(error));
  const code = (failure as { code?: unknown }).code;
  const frames = (failure.stack ?? "")
    .split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .map((line) => line.trim());
  logger.error(
    {
      reqId: request.id,
      method: c.req.method,
      route: request.route,
      err: { name: failure.name, ...(code !== undefined && { code: String(code) }), frames },
    },
    "unhandled error",
  );
  return c.json(messages.internal, 500);
}
