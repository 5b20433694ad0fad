import { explanationOf } from "./checks/common.js";
import type { RunContext } from "./context.js";
import type { ApiResponse } from "./http.js";

/** The base path the spec's servers and Open Dental use; suggested when a list answers 404. */
const API_BASE_PATH = "/api/v1";

/**
 * The run cannot start: the server is unreachable, refuses the key or is not at the base URL.
 * The CLI exits 2 with this message instead of reporting hundreds of identical failures.
 */
export class PreflightError extends Error {
  override readonly name = "PreflightError";
}

/**
 * One authenticated GET of the first list path the spec declares, before any check. Any
 * answer but 401, 404 and 429 (even a 400 for a missing filter) shows the base URL and key work.
 */
export async function preflight(context: RunContext, baseUrl: string): Promise<void> {
  const list = context.contract.resources
    .map((resource) => resource.operations.get("list"))
    .find((operation) => operation?.secured === true);
  const path = list?.path ?? "/";
  const target = `GET ${baseUrl.replace(/\/+$/, "")}${path}`;
  let response: ApiResponse;
  try {
    response = await context.client.send({ method: "GET", path });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PreflightError(`Cannot reach the server: ${message}`);
  }
  if (response.status === 401) {
    throw new PreflightError(
      `${target} answered 401: ${explanationOf(response) || "no explanation"}. Check the developer key and customer key.`,
    );
  }
  if (response.status === 404) {
    throw new PreflightError(`${target} answered 404: ${suggestBase(baseUrl)}`);
  }
  if (response.status === 429) {
    // Throttled before a single check: after too many failed authentications from this
    // address (a wrong key, retried), or by the deployment's per-key rate limit.
    const retryAfter = response.headers.get("retry-after");
    throw new PreflightError(
      `${target} answered 429: ${explanationOf(response) || "no explanation"}. ` +
        `Wait${retryAfter ? ` ${retryAfter} s` : ""}, check the developer key and customer key, and run again.`,
    );
  }
}

function suggestBase(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  if (trimmed.endsWith(API_BASE_PATH)) {
    return `no API at this base URL. Is ${trimmed} the API's base URL?`;
  }
  return `the base URL must include the API's base path: did you mean ${trimmed}${API_BASE_PATH}?`;
}
