import type { operations } from "@refattaches/api-types";

/**
 * The spec's operationId of the call that failed, e.g. `"createRefAttach"`. The probes at the
 * server's root (`/health`, `/ready`) are for load balancers, not this client, and the
 * `deliver...` operations are the spec's webhooks: requests the server sends, not answers.
 */
export type RefAttachesOperation = Exclude<
  keyof operations,
  "getHealth" | "getReady" | `deliver${string}`
>;

/**
 * The one error the convenience methods throw for a non-2xx response, so callers can
 * `catch` it and branch on `status` (400, 401, 404, ...).
 */
export class RefAttachesError extends Error {
  override readonly name = "RefAttachesError";
  /** The HTTP status code. */
  readonly status: number;
  /** The server's explanation, e.g. `"Patient not found"`. */
  readonly explanation: string;
  /** The operation that failed. */
  readonly operation: RefAttachesOperation;

  constructor(operation: RefAttachesOperation, status: number, explanation: string) {
    super(`${operation} failed with ${status}: ${explanation}`);
    this.operation = operation;
    this.status = status;
    this.explanation = explanation;
  }

  /**
   * Builds the error from what openapi-fetch returned. The spec makes every error body a
   * JSON string, which openapi-fetch has already parsed; an empty or non-string body (say,
   * from a proxy in between) falls back to the status text.
   */
  static fromResponse(
    operation: RefAttachesOperation,
    response: Response,
    error: unknown,
  ): RefAttachesError {
    const explanation =
      typeof error === "string" && error.length > 0
        ? error
        : response.statusText || `HTTP ${response.status}`;
    return new RefAttachesError(operation, response.status, explanation);
  }
}
