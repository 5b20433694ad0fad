import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** One response on its way back to the checker, which a mutation may alter. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  body: string;
}

export type Mutation = (exchange: Exchange) => Pick<Exchange, "status" | "body">;

export interface BreakingProxy {
  /** Same base path as the target, on the proxy's port. */
  url: string;
  /** Methods of the requests that went through, in order. */
  methods: string[];
  /** Their paths, in the same order. */
  paths: string[];
  close(): Promise<void>;
}

/** Headers that describe the upstream connection or body, not the response the proxy sends. */
const HOP_HEADERS = new Set([
  "connection",
  "content-length",
  "content-encoding",
  "host",
  "keep-alive",
  "transfer-encoding",
]);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A deliberately broken copy of the app: forwards every request to the real server and lets
 * `mutate` alter the response, the way a bug in the server would.
 */
export async function startBreakingProxy(
  targetUrl: string,
  mutate: Mutation,
): Promise<BreakingProxy> {
  const target = new URL(targetUrl);
  const methods: string[] = [];
  const paths: string[] = [];
  const server = createServer(async (request, response) => {
    const method = request.method ?? "GET";
    methods.push(method);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && !HOP_HEADERS.has(name)) headers.set(name, value);
    }
    const body = await readBody(request);
    const upstream = await fetch(new URL(request.url ?? "/", target.origin), {
      method,
      headers,
      body: body.length === 0 ? undefined : body,
    });
    const path = new URL(request.url ?? "/", target.origin).pathname;
    paths.push(path);
    const altered = mutate({ method, path, status: upstream.status, body: await upstream.text() });
    upstream.headers.forEach((value, name) => {
      if (!HOP_HEADERS.has(name)) response.setHeader(name, value);
    });
    response.writeHead(altered.status).end(altered.body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    methods,
    paths,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Applies `change` to each JSON object of a body (the body itself, or the items of a list). */
export function mapObjects(body: string, change: (item: { [key: string]: Json }) => void): string {
  if (body === "") return body;
  const parsed = JSON.parse(body) as Json;
  const items = Array.isArray(parsed) ? parsed : [parsed];
  for (const item of items) {
    if (typeof item === "object" && item !== null && !Array.isArray(item)) change(item);
  }
  return JSON.stringify(parsed);
}
