// The responses and response headers every operation declares, as in the spec's
// components.responses and components.headers.
import { ErrorBody } from "../schemas/common.js";

const header = (description: string, format?: string) => ({
  description,
  required: true,
  schema: { type: "string" as const, ...(format && { format }) },
});

/** On every answer: patient data is never kept by caches, nor sniffed as another type. */
export const answerHeaders = {
  "Cache-Control": header("Always `no-store`: answers carry patient data."),
  "X-Content-Type-Options": header("Always `nosniff`."),
};

/** On a 201: where the new resource lives. */
export const createdHeaders = {
  ...answerHeaders,
  Location: header("The new resource's URL, e.g. `/api/v1/refattaches/568`.", "uri-reference"),
};

const error = (description: string, headers: Record<string, ReturnType<typeof header>> = {}) => ({
  description,
  headers: { ...answerHeaders, ...headers },
  content: { "application/json": { schema: ErrorBody } },
});

export const errorResponses = {
  400: error("The request is invalid; the body explains why."),
  401: error("The Authorization header is missing, malformed or names an unknown key pair.", {
    "WWW-Authenticate": header("Always `ODFHIR`, the scheme the Authorization header must use."),
  }),
  404: error("A patient, referral, provider, procedure or refattach does not exist."),
  429: error("Too many requests: failed authentications from this address, or the key's rate.", {
    "Retry-After": header("Seconds to wait before the next request."),
  }),
  500: error("An unexpected failure. The message never holds details; the server log does."),
  503: error("The database does not answer; retry later."),
} as const;

/** Operations that read a request body also answer 413 (BODY_LIMIT). */
export const bodyErrorResponses = {
  413: error("The request body is larger than the server's limit (BODY_LIMIT)."),
} as const;
