// Starts the real server on a real socket (port 0) over a fresh database, and speaks HTTP
// to it the way a client would.
import { DEMO_API_KEY } from "../config.js";
import { type RunningServer, type StartServerOptions, startServer } from "../server.js";
import type { TestBackend, TestDatabase } from "./backends.js";

export const AUTH = `ODFHIR ${DEMO_API_KEY.developerKey}/${DEMO_API_KEY.customerKey}`;

export interface Reply {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** Replaces the default headers (auth and, with a body, JSON content type). */
  headers?: Record<string, string>;
  /** Sent as is, instead of JSON-encoding `body`. */
  rawBody?: string | Uint8Array;
}

export interface TestServer {
  /** The API's base URL, including /api/v1. */
  url: string;
  /** The server's root, where the probes are. */
  origin: string;
  database: TestDatabase;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

/** One HTTP request to the API at `baseUrl`, with the demo key and JSON unless told otherwise. */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply> {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const headers = options.headers ?? {
    Authorization: AUTH,
    ...(hasBody && { "Content-Type": "application/json" }),
  };
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(hasBody && { body: options.rawBody ?? JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? undefined : JSON.parse(text),
    headers: response.headers,
  };
}

/** Status and parsed body of one request (the demo key, JSON when there is a body). */
export async function call(baseUrl: string, method: string, path: string, body?: unknown) {
  const reply = await send(baseUrl, method, path, body === undefined ? {} : { body });
  return { status: reply.status, body: reply.body };
}

/** Server settings a test may change; the database is always the backend's fresh one. */
export type TestServerOptions = Omit<StartServerOptions, "port" | "databaseUrl">;

export async function startTestServer(
  backend: TestBackend,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const database = await backend.create();
  let server: RunningServer;
  try {
    server = await startServer({ ...options, port: 0, databaseUrl: database.url });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    url: server.url,
    origin: server.origin,
    database,
    request: (method, path, options) => send(server.url, method, path, options),
    async close() {
      await server.close();
      await database.drop();
    },
  };
}
