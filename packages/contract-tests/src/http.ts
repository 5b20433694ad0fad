import type { JsonValue } from "./spec.js";

/** What goes in the body: JSON (sent as application/json) or raw text with a chosen content type. */
export type RequestBody =
  | { kind: "json"; value: JsonValue }
  | { kind: "raw"; text: string; contentType: string | undefined };

export interface ApiRequest {
  method: string;
  /** The path with its parameters filled in, relative to the base URL. */
  path: string;
  query?: [string, string][];
  body?: RequestBody;
  /** Overrides the Authorization value: `null` sends none. */
  authorization?: string | null;
  /**
   * For an operation served outside the spec's base path (the probes at the server's root):
   * the path that replaces the base path at the end of the run's base URL.
   */
  basePath?: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, when the text is JSON. */
  json?: JsonValue;
}

export interface ApiClient {
  send(request: ApiRequest): Promise<ApiResponse>;
}

export interface ClientOptions {
  /** Ends with `basePath`, e.g. `https://host/api/v1`. */
  baseUrl: string;
  /** The spec's base path (`/api/v1`). */
  basePath: string;
  authHeader: string;
  developerKey: string;
  customerKey: string;
  timeoutMs: number;
}

export function authorizationFor(developerKey: string, customerKey: string): string {
  return `ODFHIR ${developerKey}/${customerKey}`;
}

export function createClient(options: ClientOptions): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  const root = base.endsWith(options.basePath)
    ? base.slice(0, base.length - options.basePath.length)
    : undefined;
  const authorization = authorizationFor(options.developerKey, options.customerKey);
  const locate = (request: ApiRequest): URL => {
    if (request.basePath === undefined) return new URL(base + request.path);
    if (root === undefined) {
      throw new Error(
        `${request.path} is served at ${request.basePath || "the server's root"}, which cannot be ` +
          `found from a base URL that does not end with the spec's base path ${options.basePath}`,
      );
    }
    return new URL(root + request.basePath + request.path);
  };
  return {
    async send(request) {
      const url = locate(request);
      for (const [name, value] of request.query ?? []) url.searchParams.append(name, value);
      const headers = new Headers({ Accept: "application/json" });
      const auth = request.authorization === undefined ? authorization : request.authorization;
      if (auth !== null) headers.set(options.authHeader, auth);
      let body: Uint8Array | undefined;
      if (request.body?.kind === "json") {
        headers.set("Content-Type", "application/json");
        body = new TextEncoder().encode(JSON.stringify(request.body.value));
      } else if (request.body?.kind === "raw") {
        // Bytes rather than a string: fetch would otherwise add `text/plain` by itself.
        if (request.body.contentType !== undefined) {
          headers.set("Content-Type", request.body.contentType);
        }
        body = new TextEncoder().encode(request.body.text);
      }
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new Error(
          `${request.method} ${url.origin}${url.pathname} failed: ${describeFetchError(error)}`,
        );
      }
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, json: parseJson(text) };
    },
  };
}

function parseJson(text: string): JsonValue | undefined {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ...) in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
