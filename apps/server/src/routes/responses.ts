// The error responses every operation declares, as in the spec's components.responses.
import { ErrorBody } from "../schemas/common.js";

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBody } },
});

export const errorResponses = {
  400: error("The request is invalid; the body explains why."),
  401: error("The Authorization header is missing, malformed or names an unknown key pair."),
  404: error("A patient, referral, provider, procedure or refattach does not exist."),
  500: error("An unexpected failure. The message never holds details; the server log does."),
  503: error("The database does not answer; retry later."),
} as const;

/** Operations that read a request body also answer 413 (BODY_LIMIT). */
export const bodyErrorResponses = {
  413: error("The request body is larger than the server's limit (BODY_LIMIT)."),
} as const;
