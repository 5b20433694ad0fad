// The one place thrown errors become answers: rule errors keep their explanation, anything
// unexpected is a generic 500 whose details go to the server log only.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

import { messages, RuleError } from "../domain/errors.js";
import type { Logger } from "../logger.js";
import { type AnswerHeaders, jsonReply } from "./reply.js";

const STATUS: Record<RuleError["kind"], number> = {
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
  headers: AnswerHeaders,
  logger: Logger,
): Response {
  if (error instanceof RuleError) return jsonReply(STATUS[error.kind], error.message, headers);
  // The HTTP layer's own 4xx (a body over the limit).
  if (error instanceof HTTPException && error.status < 500) {
    return jsonReply(error.status, error.message || messages.internal, headers);
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
  return jsonReply(500, messages.internal, headers);
}
